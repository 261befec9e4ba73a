"""Realistic ePCR data for tests and benchmarks."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any


def complete_report(now: datetime, patient: tuple[str, str] = ("Jane", "Doe"),
                    vitals_rows: int = 1) -> dict[str, Any]:
    """A report that passes every rule of form v1, timed relative to `now`."""
    def ago(minutes: float) -> str:
        return (now - timedelta(minutes=minutes)).isoformat()

    return {
        "eRecord.01": "PCR-0001", "eResponse.03": "26-004101", "eResponse.04": "R-77",
        "eResponse.05": "2205001", "eResponse.07": "2207015", "eResponse.23": "2223001",
        "eResponse.13": "M7", "eResponse.14": "Medic 7", "eDispatch.01": "2301035",
        "eCrew": [{"eCrew.01": "M-17", "eCrew.02": "9925007"},
                  {"eCrew.01": "M-22", "eCrew.02": "9925005"}],
        "eTimes.01": ago(90), "eTimes.03": ago(88), "eTimes.05": ago(86), "eTimes.06": ago(75),
        "eTimes.07": ago(74), "eTimes.09": ago(60), "eTimes.11": ago(45), "eTimes.12": ago(40),
        "eTimes.13": ago(30),
        "eScene.15": "1200 Harbor Blvd", "eScene.19": "12345", "eScene.18": "36",
        "eScene.21": "36061", "eScene.09": "Y92.0",
        "ePatient.02": patient[1], "ePatient.03": patient[0], "ePatient.17": "1950-04-01",
        "ePatient.15": 76, "ePatient.16": "2516009", "ePatient.25": "9919001",
        "ePatient.14": ["2514011"],
        "eSituation.04": "Fell in the kitchen, right hip pain", "eSituation.01": ago(120),
        "eSituation.02": "9922005", "eSituation.11": "T14.90", "eSituation.13": "2813003",
        "eVitals": [{"eVitals.01": ago(70 - i), "eVitals.06": 142, "eVitals.07": 88,
                     "eVitals.10": 96, "eVitals.14": 18, "eVitals.12": 97, "eVitals.18": 110,
                     "eVitals.19": 4, "eVitals.20": 5, "eVitals.21": 6, "eVitals.27": 6}
                    for i in range(vitals_rows)],
        "eMedications": [{"eMedications.01": ago(65), "eMedications.03": "7052",
                          "eMedications.04": "9927023", "eMedications.05": 4,
                          "eMedications.06": "3706009"}],
        "eProcedures": [{"eProcedures.01": ago(68), "eProcedures.03": "392230005",
                         "eProcedures.05": 1, "eProcedures.06": "9922005"}],
        "eDisposition.27": "4227001", "eDisposition.28": "4228001",
        "eDisposition.29": "4229001", "eDisposition.30": "4230001",
        "eDisposition.01": "County General", "eDisposition.21": "4221003",
        "eNarrative.01": "Found patient on kitchen floor, alert and oriented. Transported.",
    }


def upload_body(data: dict[str, Any], author_id: int, status: str = "in_progress",
                saved_at: datetime | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"form_id": "epcr", "form_version": 1, "status": status,
                            "data": data, "author_id": author_id}
    if saved_at is not None:
        body["client_saved_at"] = saved_at.isoformat()
    return body
