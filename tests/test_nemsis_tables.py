"""The vendored NEMSIS v3.5.1 files and the element tables built from them."""

from __future__ import annotations

import filecmp
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import xmlschema
from lxml import etree

from fieldforms.nemsis.elements import NOT_APPLICABLE, NOT_RECORDED, table

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "fieldforms" / "nemsis" / "reference"
# The team's reference copy (shared/nemsis/, beside the project), where this machine has it.
SHARED = Path(os.environ.get("FIELDCLIENT_NEMSIS_REFERENCE", ROOT.parent / "shared" / "nemsis"))
VENDORED = {  # here → there
    "XSDs/NEMSIS_XSDs": "XSDs/NEMSIS_XSDs",
    "XSDs/NEMSIS_NAT_XSDs": "XSDs/NEMSIS_NAT_XSDs",
    "Schematron/rules/EMSDataSet.sch": "Schematron/rules/EMSDataSet.sch",
    "Schematron/rules/DEMDataSet.sch": "Schematron/rules/DEMDataSet.sch",
    "Schematron/rules/includes": "Schematron/DevelopmentKit/Schematron/rules/includes",
}
EMS = table("EMSDataSet")


def test_the_generated_tables_and_schematron_are_current() -> None:
    """scripts/nemsis_build.py run now writes exactly what is committed."""
    built = subprocess.run([sys.executable, "scripts/nemsis_build.py", "--check"], cwd=ROOT,
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"no reference copy at {SHARED}")
@pytest.mark.parametrize(("here", "there"), VENDORED.items())
def test_vendored_files_are_the_reference_unchanged(here: str, there: str) -> None:
    ours, theirs = REFERENCE / here, SHARED / there
    if ours.is_file():
        assert filecmp.cmp(ours, theirs, shallow=False)
        return
    names = sorted(p.name for p in theirs.iterdir())
    assert sorted(p.name for p in ours.iterdir()) == names
    _, mismatch, errors = filecmp.cmpfiles(ours, theirs, names, shallow=False)
    assert (mismatch, errors) == ([], [])


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"no reference copy at {SHARED}")
def test_vendored_defined_lists_are_the_reference_unchanged() -> None:
    for csv in (SHARED / "DefinedLists").glob("*/*.csv"):
        assert filecmp.cmp(REFERENCE / "DefinedLists" / csv.name, csv, shallow=False)


def test_every_schema_include_is_a_file_beside_it() -> None:
    """Nothing is fetched at run time: every include names a vendored file."""
    for folder in ("NEMSIS_XSDs", "NEMSIS_NAT_XSDs"):
        for xsd in (REFERENCE / "XSDs" / folder).glob("*.xsd"):
            for target in re.findall(r'schemaLocation="([^"]+)"', xsd.read_text("utf-8")):
                assert "/" not in target and (xsd.parent / target).is_file(), (xsd, target)


def test_the_schema_loads_with_the_network_refused() -> None:
    class Refuse(etree.Resolver):
        def resolve(self, url: str, pubid: object, context: object) -> None:
            assert url.startswith(("file:", "/")) or "://" not in url, url

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(Refuse())
    path = REFERENCE / "XSDs" / "NEMSIS_XSDs" / "EMSDataSet_v3.xsd"
    etree.XMLSchema(etree.parse(str(path), parser))


def test_the_145_national_elements_are_the_national_schemas() -> None:
    national = xmlschema.XMLSchema(REFERENCE / "XSDs" / "NEMSIS_NAT_XSDs" / "EMSDataSet_v3.xsd")
    values = {e.local_name for e in national.elements["EMSDataSet"].iter()
              if e.local_name.startswith("e") and e.type.has_simple_content()}
    assert {e.name for e in EMS.national()} == values
    assert len(values) == 145


def test_usage_and_not_values_as_the_xsd_says() -> None:
    national = EMS.national()
    assert sorted({e.usage for e in national}) == ["Mandatory", "Required"]
    required = [e for e in national if e.usage == "Required"]
    assert len(required) == 131 and all(e.nillable and e.nv for e in required)
    assert all(not e.nv for e in national if e.usage == "Mandatory")


def test_codes_carry_the_xsds_own_labels() -> None:
    assert EMS["eMedications.06"].codes["3706009"] == "Liters (l)"
    assert EMS["eMedications.04"].codes["9927031"] == "Non-Rebreather Mask"
    assert EMS["eDispatch.01"].codes["2301051"] == "No Other Appropriate Choice"
    assert EMS["ePatient.25"].codes == {"9919001": "Female", "9919003": "Male",
                                        "9919005": "Unknown"}
    assert dict(EMS["eArrest.01"].nv) == {NOT_APPLICABLE: "Not Applicable",
                                          NOT_RECORDED: "Not Recorded"}


def test_nesting_occurrences_facets_and_attributes() -> None:
    sbp = EMS["eVitals.06"]
    assert [a.name for a in EMS.ancestors("eVitals.06")][-3:] == [
        "eVitals", "eVitals.VitalGroup", "eVitals.BloodPressureGroup"]
    assert (sbp.base, sbp.type["minInclusive"], sbp.type["maxInclusive"]) == ("integer", 0, 500)
    assert dict(sbp.pn) == {"8801005": "Exam Finding Not Present", "8801019": "Refused",
                            "8801023": "Unable to Complete"} and sbp.pn_nil
    assert EMS["eVitals.VitalGroup"].repeats and not EMS["eVitals.BloodPressureGroup"].repeats
    assert EMS["eSituation.10"].repeats and EMS["eSituation.10"].min == 1
    assert dict(EMS["eVitals.16"].attributes["ETCO2Type"]["values"])["3340001"] == "mmHg"
    assert EMS["eMedications.03"].attributes["CodeType"]["values"] == [
        ["9924003", "RxNorm"], ["9924005", "SNOMED-CT"]]
    assert EMS["eScene.21"].type["patterns"] == ["[0-9]{5}"]
    moment = EMS["eTimes.01"].type["patterns"][0]
    assert re.fullmatch(moment, "2025-01-01T10:15:00-05:00")
    assert not re.fullmatch(moment, "2025-01-01T10:15:00Z")
    assert not re.fullmatch(moment, "2025-01-01T10:15-05:00")


def test_the_demographic_table_has_the_agency_and_its_facilities() -> None:
    dem = table("DEMDataSet")
    assert dem["dAgency.01"].national and dem["dAgency.04"].base == "string"
    assert dem["dFacility.FacilityGroup"].repeats
    assert "dFacility.03" in {e.name for e in dem.children("dFacility.FacilityGroup")}
