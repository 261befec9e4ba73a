"""What each v1 choice meant: the NEMSIS code its label names (docs/forms.md, "v1 codes").

Form v1 (epcr_v1.py, frozen) was typed by hand, and 27 of its codes are wrong: 4 are not
NEMSIS codes at all, and 23 are real codes whose meaning differs from the label the crew
saw (its "Stroke/CVA" sends 2301051, which NEMSIS defines as "No Other Appropriate
Choice"). v1 reports keep their stored values, as written and synced; whatever reads them
for their meaning (the NEMSIS export, the upgrade to v2) asks `meant_code`, so a v1 report
says what the crew chose, never the v1 code. The other v1 choices already meant their
code. tests/test_nemsis_definitions.py holds each of the 27 against the XSD labels.
"""

from __future__ import annotations

# element → {v1 value: the code whose XSD label is the v1 label}. The comment is the
# v1 label, then what the v1 value means in NEMSIS.
CORRECTIONS: dict[str, dict[str, str]] = {
    "eResponse.05": {
        "2205015": "2205013",  # Standby; was Hospital to Non-Hospital Facility Transfer
    },
    "eDispatch.01": {
        "2301029": "2301027",  # Diabetic problem; was Electrocution/Lightning
        "2301035": "2301033",  # Falls; was Fire
        "2301043": "2301053",  # Overdose/poisoning/ingestion; was Heat/Cold Exposure
        "2301047": "2301025",  # Seizure (Convulsions/Seizure); was Industrial Accident/...
        "2301051": "2301067",  # Stroke/CVA; was No Other Appropriate Choice
        "2301053": "2301069",  # Traffic/transportation incident; was Overdose/Poisoning/...
        "2301057": "2301077",  # Unconscious/fainting/near-fainting; was Pregnancy/...
        "2301059": "2301079",  # Unknown problem/person down; was Psychiatric Problem/...
    },
    "eCrew.02": {
        "9925025": "9925027",  # Physician; was Other Non-Healthcare Professional
        "9925029": "9925043",  # Nurse (Registered Nurse); was Respiratory Therapist
    },
    "ePatient.25": {
        "9919009": "9919005",  # Unknown; 9919009 is no code
    },
    "eMedications.04": {
        "9927019": "9927021",  # Intraosseous; was Intraocular
        "9927031": "9927035",  # Oral; was Non-Rebreather Mask
        "9927039": "9927045",  # Subcutaneous; was Otic
        "9927041": "9927047",  # Sublingual; was Re-breather mask
    },
    "eMedications.06": {
        "3706005": "3706009",  # Liters (l); was International Units (IU)
        "3706007": "3706015",  # Micrograms (mcg); was Keep Vein Open (kvo)
        "3706009": "3706021",  # Milligrams (mg); was Liters (l)
        "3706013": "3706025",  # Milliliters (ml); was Metered Dose (MDI)
        "3706021": "3706049",  # Units; was Milligrams (mg)
    },
    "eProcedures.06": {
        "9922001": "9923001",  # No; the Yes/No/Unknown list, not YesNoValues
        "9922005": "9923003",  # Yes; likewise
    },
    "eDisposition.29": {
        "4229009": "4229011",  # Back in service, no care/support services required;
    },                         # was Incident Support Services Provided (Including Standby)
    "eDisposition.21": {
        "4221011": "4221001",  # Home; 4221011 is no code
        "4221013": "4221009",  # Morgue/mortuary; was Other
        "4221023": "4221021",  # Urgent care; was Freestanding Emergency Department
    },
}


def meant_code(element: str, value: str) -> str:
    """The NEMSIS code a v1 choice's label meant (the value itself where it was right)."""
    return CORRECTIONS.get(element, {}).get(value, value)
