"""Reports as a NEMSIS EMSDataSet: the Header and eRecord from agency set-up, one
PatientCareReport per report (UUID = report id), v1 reports read for what their labels
meant. Shared: the server exports, the device checks Complete offline with the same code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lxml import etree

from fieldforms import upgrade
from fieldforms.nemsis import document
from fieldforms.nemsis.elements import table


@dataclass(frozen=True)
class SetUp:
    """What agency set-up gives every document (DEMDataSet dAgency, and the software)."""

    agency_state_id: str          # dAgency.01
    agency_number: str            # dAgency.02, and eResponse.01
    agency_state: str             # dAgency.04 (ANSI state code)
    agency_name: str | None       # eResponse.02 (dAgency.03)
    software_version: str
    software_creator: str = "fieldclient project"
    software_name: str = "fieldclient"

    def header(self) -> dict[str, Any]:
        return {"dAgency.01": self.agency_state_id, "dAgency.02": self.agency_number,
                "dAgency.04": self.agency_state}

    def record(self) -> dict[str, Any]:
        """eRecord.02-.04 and eResponse.01/.02: filled where the report has none."""
        filled: dict[str, Any] = {"eRecord.02": self.software_creator,
                                  "eRecord.03": self.software_name,
                                  "eRecord.04": self.software_version,
                                  "eResponse.01": self.agency_number}
        if self.agency_name:
            filled["eResponse.02"] = self.agency_name
        return filled


@dataclass(frozen=True)
class Exported:
    id: str                       # the PatientCareReport UUID
    form_version: int
    data: dict[str, Any]


def nemsis_data(report: Exported) -> dict[str, Any]:
    """The report's data in the NEMSIS shape (v1 through the documented mapping)."""
    return upgrade.v1_to_nemsis(report.data) if report.form_version == 1 else report.data


def pcr(report: Exported, set_up: SetUp) -> dict[str, Any]:
    """One PatientCareReport's data: the report's own values win (an imported report keeps
    its eRecord and eResponse); set-up fills the rest."""
    data = nemsis_data(report)
    filled = {key: value for key, value in set_up.record().items()
              if not data.get(key)}
    return {**filled, **data, document.ROW_ATTRIBUTES: {"UUID": report.id}}


def ems_dataset(reports: Iterable[Exported], set_up: SetUp, *,
                national: bool = False) -> etree._Element:
    header = {**set_up.header(), "PatientCareReport": [pcr(r, set_up) for r in reports]}
    return document.write(table("EMSDataSet"), {"Header": [header]}, national=national)
