"""The v3 ePCR form: form v2 (NEMSIS v3.5.1) with the agency's signature blocks.

The fields are v2's, unchanged; v3 adds `signatures` (docs/forms.md, "Signatures"):
each block's signer types and reasons are NEMSIS codes (eOther.12, eOther.13), and the
words above the pad are the agency's. A refusal needs the patient's (or their
representative's) signature and a witness's before Complete.
"""

from __future__ import annotations

from typing import Any

from fieldforms import epcr_v2

VERSION = 3
PATIENT, REPRESENTATIVE, WITNESS, HEALTHCARE = "4512015", "4512017", "4512019", "4512005"
REFUSED = [
    {"field": "eDisposition.28", "in": ["4228003", "4228007"]},  # refused care/evaluation
    {"field": "eDisposition.30", "in": ["4230009"]},  # Patient Refused Transport
]
REFUSAL_WORDS = (
    "I have been told of my condition and of the risks of refusing the care and "
    "transport that were offered, up to and including death. I refuse them against "
    "medical advice, of my own free will. I may call 911 again at any time.")
SIGNATURES: list[dict[str, Any]] = [
    {"key": "refusal_patient", "label": "Refusal: patient",
     "signers": [PATIENT, REPRESENTATIVE], "reasons": ["4513009"],  # Refusal of Care
     "language": REFUSAL_WORDS, "required_when": REFUSED},
    {"key": "refusal_witness", "label": "Refusal: witness", "signers": [WITNESS],
     "reasons": ["4513009"], "required_when": REFUSED,
     "language": "I saw the patient refuse care after being told of the risks."},
    {"key": "transfer_of_care", "label": "Transfer of care: receiving staff",
     "signers": [HEALTHCARE], "reasons": ["4513007"],  # Transfer of Patient Care
     "language": "I have received this patient and the report of their care."},
    {"key": "hipaa_billing", "label": "Privacy notice and billing",
     "signers": [PATIENT, REPRESENTATIVE],
     "reasons": ["4513001", "4513005"],  # HIPAA acknowledgement, Release for Billing
     "language": ("I received the agency's notice of privacy practices, and I allow it "
                  "to bill my insurer for this care and to release the information "
                  "needed to do so.")},
]


def definition() -> dict[str, Any]:
    """A new copy each call (callers may change theirs)."""
    form = epcr_v2.definition() | {"version": VERSION}
    form["signatures"] = [dict(block) for block in SIGNATURES]
    return form
