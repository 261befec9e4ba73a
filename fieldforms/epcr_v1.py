"""The v1 ePCR form (NEMSIS 3.5.1 element ids), as served to clients. See docs/forms.md."""

from __future__ import annotations

from typing import Any

Field = dict[str, Any]


def _field(key: str, label: str, kind: str, required: bool = False, **rules: Any) -> Field:
    return {"key": key, "label": label, "nemsis": key, "type": kind,
            "required": "required" if required else "optional", **rules}


def text(key: str, label: str, required: bool = False, **rules: Any) -> Field:
    return _field(key, label, "text", required, **rules)


def number(key: str, label: str, low: int, high: int, **rules: Any) -> Field:
    return _field(key, label, "integer", min=low, max=high, **rules)


def when(key: str, label: str, required: bool = False) -> Field:
    return _field(key, label, "datetime", required)


def select(key: str, label: str, choices: list[tuple[str, str]], required: bool = False,
           many: bool = False) -> Field:
    return _field(key, label, "multiselect" if many else "select", required,
                  choices=[{"value": v, "label": lbl} for v, lbl in choices])


def group(key: str, label: str, fields: list[Field]) -> Field:
    return {"key": key, "label": label, "nemsis": key, "type": "group",
            "required": "optional", "fields": fields}


YES_NO_UNKNOWN = [("9922001", "No"), ("9922003", "Unknown"), ("9922005", "Yes")]

TIMES = [("eTimes.01", "PSAP call"), ("eTimes.03", "Unit notified"),
         ("eTimes.05", "Unit en route"), ("eTimes.06", "Arrived on scene"),
         ("eTimes.07", "Arrived at patient"), ("eTimes.09", "Left scene"),
         ("eTimes.11", "Arrived at destination"), ("eTimes.12", "Transfer of care"),
         ("eTimes.13", "Back in service")]

TRANSPORTED = ["4230001", "4230003"]  # transport disposition: this unit transported

SECTIONS: list[dict[str, Any]] = [
    {"key": "response", "label": "Record and response", "fields": [
        text("eRecord.01", "PCR number", True, min_length=3, max_length=50,
             auto="pcr_number"),
        text("eResponse.03", "Incident number", True, min_length=3, max_length=50),
        text("eResponse.04", "Response number", True, min_length=3, max_length=50),
        select("eResponse.05", "Type of service", [
            ("2205001", "Emergency response (primary response area)"),
            ("2205003", "Emergency response (intercept)"),
            ("2205009", "Emergency response (mutual aid)"),
            ("2205005", "Hospital-to-hospital transfer"),
            ("2205015", "Standby")], True),
        select("eResponse.07", "Unit capability", [
            ("2207011", "Air transport - helicopter"), ("2207013", "Air transport - fixed wing"),
            ("2207015", "Ground transport (ALS equipped)"),
            ("2207017", "Ground transport (BLS equipped)"),
            ("2207019", "Ground transport (critical care equipped)"),
            ("2207021", "Non-transport - medical treatment (ALS equipped)")], True),
        text("eResponse.13", "Vehicle number", max_length=25),
        text("eResponse.14", "Call sign", max_length=50),
        select("eResponse.23", "Response mode to scene", [
            ("2223001", "Emergent (immediate response)"),
            ("2223003", "Emergent downgraded to non-emergent"),
            ("2223005", "Non-emergent"),
            ("2223007", "Non-emergent upgraded to emergent")], True),
        select("eDispatch.01", "Dispatch reason", [
            ("2301001", "Abdominal pain/problems"), ("2301003", "Allergic reaction/stings"),
            ("2301007", "Assault"), ("2301011", "Back pain"),
            ("2301013", "Breathing problem"), ("2301015", "Burns/explosion"),
            ("2301019", "Cardiac arrest/death"), ("2301021", "Chest pain"),
            ("2301029", "Diabetic problem"), ("2301035", "Falls"),
            ("2301043", "Overdose/poisoning/ingestion"), ("2301047", "Seizure"),
            ("2301051", "Stroke/CVA"), ("2301053", "Traffic/transportation incident"),
            ("2301057", "Unconscious/fainting/near-fainting"),
            ("2301059", "Unknown problem/person down")], True),
        group("eCrew", "Crew members", [
            text("eCrew.01", "Crew member ID", True, max_length=50),
            select("eCrew.02", "Crew member level", [
                ("9925001", "Advanced EMT"), ("9925005", "EMT"),
                ("9925007", "Paramedic"), ("9925023", "Other healthcare professional"),
                ("9925025", "Physician"), ("9925029", "Nurse")], True)]),
    ]},
    {"key": "times", "label": "Times", "fields": [
        when(key, label, required=key in ("eTimes.03", "eTimes.13")) for key, label in TIMES]},
    {"key": "scene", "label": "Scene", "fields": [
        text("eScene.15", "Incident street address", max_length=255),
        text("eScene.19", "Incident ZIP code", pattern=r"[0-9]{5}(-[0-9]{4})?",
             pattern_message="must be a ZIP code like 12345 or 12345-6789"),
        text("eScene.18", "Incident state", pattern=r"[0-9]{2}",
             pattern_message="must be the 2-digit state code"),
        text("eScene.21", "Incident county", pattern=r"[0-9]{5}",
             pattern_message="must be the 5-digit county code"),
        select("eScene.09", "Incident location type", [
            ("Y92.0", "Private residence"), ("Y92.1", "Residential institution"),
            ("Y92.2", "School or public building"), ("Y92.3", "Sports area"),
            ("Y92.4", "Street or highway"), ("Y92.5", "Trade or service area"),
            ("Y92.8", "Other specified place"), ("Y92.9", "Unspecified place")]),
    ]},
    {"key": "patient", "label": "Patient", "fields": [
        text("ePatient.02", "Last name", max_length=60),
        text("ePatient.03", "First name", max_length=50),
        _field("ePatient.17", "Date of birth", "date", min_date="1890-01-01", max_date="today"),
        number("ePatient.15", "Age", 1, 120),
        select("ePatient.16", "Age units", [
            ("2516001", "Days"), ("2516003", "Hours"), ("2516005", "Minutes"),
            ("2516007", "Months"), ("2516009", "Years")]),
        select("ePatient.25", "Sex", [("9919001", "Female"), ("9919003", "Male"),
                                      ("9919009", "Unknown")], True),
        select("ePatient.14", "Race", [
            ("2514001", "American Indian or Alaska Native"), ("2514003", "Asian"),
            ("2514005", "Black or African American"), ("2514007", "Hispanic or Latino"),
            ("2514009", "Native Hawaiian or Other Pacific Islander"), ("2514011", "White"),
            ("2514013", "Middle Eastern or North African")], many=True),
    ]},
    {"key": "situation", "label": "Situation", "fields": [
        _field("eSituation.04", "Chief complaint", "text", True, max_length=255),
        when("eSituation.01", "Symptom onset"),
        select("eSituation.02", "Possible injury", YES_NO_UNKNOWN, True),
        select("eSituation.11", "Primary impression", [
            ("I46.9", "Cardiac arrest"), ("R07.9", "Chest pain"),
            ("I21.9", "Acute myocardial infarction"), ("R06.00", "Difficulty breathing"),
            ("J45.901", "Asthma attack"), ("I63.9", "Stroke"), ("R56.9", "Seizure"),
            ("E16.2", "Hypoglycemia"), ("R55", "Syncope"), ("T14.90", "Injury"),
            ("S06.9X0A", "Head injury"), ("T40.2X1A", "Opioid poisoning"),
            ("R10.9", "Abdominal pain"), ("T78.40XA", "Allergic reaction"),
            ("F10.129", "Alcohol intoxication"), ("Z71.1", "No complaint found")], True),
        select("eSituation.13", "Initial patient acuity", [
            ("2813001", "Critical (red)"), ("2813003", "Emergent (yellow)"),
            ("2813005", "Lower acuity (green)"), ("2813007", "Dead without resuscitation")],
            True),
    ]},
    {"key": "vitals", "label": "Vitals", "fields": [group("eVitals", "Vital signs", [
        when("eVitals.01", "Time taken", True),
        number("eVitals.06", "Systolic BP", 0, 500),
        number("eVitals.07", "Diastolic BP", 0, 500, also_allow=["P"]),
        number("eVitals.10", "Heart rate", 0, 500),
        number("eVitals.14", "Respiratory rate", 0, 300),
        number("eVitals.12", "SpO2 (%)", 0, 100),
        number("eVitals.18", "Blood glucose", 0, 2000),
        number("eVitals.19", "GCS eye", 1, 4),
        number("eVitals.20", "GCS verbal", 1, 5),
        number("eVitals.21", "GCS motor", 1, 6),
        number("eVitals.27", "Pain scale", 0, 10)])]},
    {"key": "medications", "label": "Medications", "fields": [
        group("eMedications", "Medications given", [
            when("eMedications.01", "Time given", True),
            text("eMedications.03", "Medication (RxNorm)", True, pattern=r"[0-9]{2,7}",
                 pattern_message="must be an RxNorm code of 2 to 7 digits"),
            select("eMedications.04", "Route", [
                ("9927005", "Endotracheal"), ("9927009", "Inhalation"),
                ("9927015", "Intramuscular"), ("9927017", "Intranasal"),
                ("9927019", "Intraosseous"), ("9927023", "Intravenous"),
                ("9927031", "Oral"), ("9927039", "Subcutaneous"), ("9927041", "Sublingual")]),
            _field("eMedications.05", "Dose", "decimal", min=0),
            select("eMedications.06", "Dose units", [
                ("3706001", "Grams (gms)"), ("3706005", "Liters (l)"),
                ("3706007", "Micrograms (mcg)"), ("3706009", "Milligrams (mg)"),
                ("3706013", "Milliliters (ml)"), ("3706021", "Units")])])]},
    {"key": "procedures", "label": "Procedures", "fields": [
        group("eProcedures", "Procedures performed", [
            when("eProcedures.01", "Time performed", True),
            text("eProcedures.03", "Procedure (SNOMED CT)", True, max_length=20),
            number("eProcedures.05", "Attempts", 1, 10),
            select("eProcedures.06", "Successful", YES_NO_UNKNOWN[::2])])]},
    {"key": "disposition", "label": "Disposition", "fields": [
        select("eDisposition.27", "Unit disposition", [
            ("4227001", "Patient contact made"), ("4227003", "Cancelled on scene"),
            ("4227005", "Cancelled prior to arrival on scene"),
            ("4227007", "No patient contact"), ("4227009", "No patient found")], True),
        select("eDisposition.28", "Patient evaluation/care", [
            ("4228001", "Patient evaluated and care provided"),
            ("4228003", "Patient evaluated and refused care"),
            ("4228005", "Patient evaluated, no care required"),
            ("4228007", "Patient refused evaluation/care")], True),
        select("eDisposition.29", "Crew disposition", [
            ("4229001", "Initiated and continued primary care"),
            ("4229003", "Initiated primary care and transferred to another EMS crew"),
            ("4229005", "Provided care supporting primary EMS crew"),
            ("4229009", "Back in service, no care/support services required")], True),
        select("eDisposition.30", "Transport disposition", [
            ("4230001", "Transport by this EMS unit (this crew only)"),
            ("4230003", "Transport by this EMS unit, with a member of another crew"),
            ("4230005", "Transport by another EMS unit"),
            ("4230013", "No transport")], True),
        text("eDisposition.01", "Destination name", max_length=100),
        select("eDisposition.21", "Destination type", [
            ("4221003", "Hospital-emergency department"), ("4221005", "Hospital-non-emergency"),
            ("4221011", "Home"), ("4221013", "Morgue/mortuary"), ("4221023", "Urgent care")]),
    ]},
    {"key": "narrative", "label": "Narrative", "fields": [
        _field("eNarrative.01", "Patient care report narrative", "textarea", max_length=10000)]},
]

RULES: list[dict[str, Any]] = [
    {"type": "order", "fields": [k for k, _ in TIMES], "labels": dict(TIMES)},
    {"type": "not_after", "field": "eTimes.13", "max_future_minutes": 60,
     "message": "Back in service may be at most 1 hour in the future."},
    {"type": "required_with", "field": "ePatient.16", "when_present": "ePatient.15",
     "message": "Age units are required when an age is given."},
    *({"type": "required_when", "field": f, "when_field": "eDisposition.30", "in": TRANSPORTED,
       "message": f"{label} is required when this unit transported the patient."}
      for f, label in (("eDisposition.01", "Destination"),
                       ("eDisposition.21", "Destination type"))),
    {"type": "rows_within", "group": "eVitals", "field": "eVitals.01", "from": "eTimes.03",
     "to": "eTimes.13", "message": "Vitals must be taken between unit notified and "
                                  "back in service."},
]


def definition() -> dict[str, Any]:
    return {"form_id": "epcr", "version": 1, "title": "Electronic patient care report",
            "nemsis_version": "3.5.1", "sections": SECTIONS, "rules": RULES}
