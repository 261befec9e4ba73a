"""NEMSIS XML read into report data and written back: nothing lost, nothing changed,
and what is written passes the XSD and the national Schematron."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from fieldforms.nemsis import document
from fieldforms.nemsis.checks import checker, parse
from fieldforms.nemsis.elements import table
from tests.support.nemsis import CASES, facts

DOCUMENTS = sorted(p for folder in ("national", "full")
                   for p in (CASES / "xml" / folder).glob("*.xml"))


def dataset_of(path: Path) -> str:
    return "DEMDataSet" if "-DEM-" in path.name else "EMSDataSet"


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_read_then_write_gives_back_the_same_document(path: Path) -> None:
    dataset = dataset_of(path)
    original = parse(path.read_bytes())
    data = document.read(table(dataset), original.getroot())
    written = document.serialize(document.write(table(dataset), data,
                                                national=path.parent.name == "national"))
    again = parse(written)
    assert facts(again.getroot()) == facts(original.getroot())
    assert [str(f) for f in checker(dataset).check(again) if f.severity == "error"] == []


@pytest.mark.parametrize("case", ["2025-EMS-1-Overdose_v351", "2025-EMS-2-Suicide_v351"])
def test_the_full_case_written_national_is_the_national_case(case: str) -> None:
    full = parse((CASES / "xml" / "full" / f"{case}.xml").read_bytes())
    data = document.read(table(), full.getroot())
    national = document.write(table(), data, national=True)
    expected = etree.parse(str(CASES / "xml" / "national" / f"{case}.xml")).getroot()
    assert facts(etree.fromstring(document.serialize(national))) == facts(expected)


def test_the_data_shape() -> None:
    path = CASES / "xml" / "national" / "2025-EMS-1-Overdose_v351.xml"
    data = document.read(table(), parse(path.read_bytes()).getroot())
    report = data["Header"][0]["PatientCareReport"][0]
    assert set(report["@attrs"]) == {"UUID"}
    assert report["ePatient.13"] == {"nv": "7701003"}                 # nil, Not Recorded
    assert report["ePatient.14"] == ["2514011"]                       # repeats: a list
    assert report["ePatient.15"] == 45 and report["ePatient.16"] == "2516009"
    assert isinstance(report["eSituation.10"], list) and "R47.81" in report["eSituation.10"]
    vitals = report["eVitals.VitalGroup"]
    assert isinstance(vitals, list) and all("eVitals.01" in row for row in vitals)
    assert "eVitals.BloodPressureGroup" not in vitals[0]              # transparent


@pytest.mark.parametrize(("stored", "written"), [
    ("2024-10-07T20:20:00-04:00", "2024-10-07T20:20:00-04:00"),
    ("2024-10-07T20:20:00.123456-04:00", "2024-10-07T20:20:00-04:00"),
    ("2024-10-07T20:20:00Z", "2024-10-07T20:20:00+00:00"),
    ("2024-10-07T20:20-04:00", "2024-10-07T20:20:00-04:00"),
])
def test_datetimes_are_written_with_seconds_and_an_offset(stored: str, written: str) -> None:
    assert document.lexical(table()["eTimes.03"], stored) == written


def test_a_time_without_an_offset_cannot_be_written() -> None:
    with pytest.raises(document.NotExportable, match=r"eTimes\.03: has no timezone offset"):
        document.lexical(table()["eTimes.03"], "2024-10-07T20:20:00")


def test_missing_required_values_are_written_not_recorded() -> None:
    root = document.write(table(), {"Header": [{"PatientCareReport": [{}]}]})
    arrest = root.find(".//{http://www.nemsis.org}eArrest.01")
    assert arrest is not None and arrest.get("NV") == "7701003"
    assert arrest.get("{http://www.w3.org/2001/XMLSchema-instance}nil") == "true"
