"""Reports as a NEMSIS EMSDataSet: the Header and eRecord from agency set-up, one
PatientCareReport per report (UUID = report id), v1 reports read for what their labels
meant. Shared: the server exports, the device checks Complete offline with the same code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from fieldforms import signatures, upgrade
from fieldforms.nemsis import document
from fieldforms.nemsis.elements import table
from fieldforms.nemsis.shape import blank, plain_value

# A destination the agency knows (DEMDataSet dFacility) fills the report's destination
# details: the dFacility element, and the eDisposition element it fills.
FACILITY_TO_DESTINATION = {
    "dFacility.02": "eDisposition.01", "dFacility.03": "eDisposition.02",
    "dFacility.07": "eDisposition.03", "dFacility.08": "eDisposition.04",
    "dFacility.09": "eDisposition.05", "dFacility.11": "eDisposition.06",
    "dFacility.10": "eDisposition.07", "dFacility.12": "eDisposition.08",
    "dFacility.13": "eDisposition.09", "dFacility.14": "eDisposition.10",
}


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
    # Each known destination as the eDisposition cells it fills (facilities()).
    destinations: tuple[Mapping[str, Any], ...] = field(default=())

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

    def destination(self, data: Mapping[str, Any]) -> Mapping[str, Any]:
        return known_destination(self.destinations, data)


def known_destination(destinations: tuple[Mapping[str, Any], ...],
                      data: Mapping[str, Any]) -> Mapping[str, Any]:
    """The known destination the report names: by its code (eDisposition.02), else by
    its name (eDisposition.01, letter case and spacing aside); {} if none."""
    code = plain_value(data.get("eDisposition.02"))
    name = _folded(plain_value(data.get("eDisposition.01")))
    by_code = [d for d in destinations
               if code and plain_value(d.get("eDisposition.02")) == code]
    by_name = [d for d in destinations
               if name and _folded(plain_value(d.get("eDisposition.01"))) == name]
    return next(iter(by_code + by_name), {})


def facilities(dem_report: Mapping[str, Any]) -> tuple[dict[str, Any], ...]:
    """The agency's facilities (dFacilityGroup rows) as destinations."""
    return tuple({FACILITY_TO_DESTINATION[k]: v for k, v in facility.items()
                  if k in FACILITY_TO_DESTINATION}
                 for group in dem_report.get("dFacilityGroup") or []
                 for facility in group.get("dFacility.FacilityGroup") or [])


def _folded(text: Any) -> str:
    return " ".join(text.split()).casefold() if isinstance(text, str) else ""


@dataclass(frozen=True)
class Exported:
    id: str                       # the PatientCareReport UUID
    form_version: int
    data: dict[str, Any]
    signatures: tuple[dict[str, Any], ...] = ()  # protocol shape (fieldforms.signatures)


SIGNATURES = "eOther.SignatureGroup"  # an imported report's own rows are kept, ours follow


def nemsis_data(report: Exported) -> dict[str, Any]:
    """The report's data in the NEMSIS shape (v1 through the documented mapping)."""
    return upgrade.v1_to_nemsis(report.data) if report.form_version == 1 else report.data


def pcr(report: Exported, set_up: SetUp) -> dict[str, Any]:
    """One PatientCareReport's data: the report's own values win (an imported report keeps
    its eRecord, eResponse and destination); set-up fills the rest: the software, the
    agency, and the details of a destination it knows."""
    data = nemsis_data(report)
    filled = {key: value for key, value in
              {**set_up.record(), **set_up.destination(data)}.items() if blank(data.get(key))}
    signed = [*(data.get(SIGNATURES) or []), *map(signatures.nemsis_row, report.signatures)]
    return {**filled, **data, **({SIGNATURES: signed} if signed else {}),
            document.ROW_ATTRIBUTES: {"UUID": report.id}}


def ems_dataset(reports: Iterable[Exported], set_up: SetUp, *,
                national: bool = False) -> etree._Element:
    header = {**set_up.header(), "PatientCareReport": [pcr(r, set_up) for r in reports]}
    return document.write(table("EMSDataSet"), {"Header": [header]}, national=national)
