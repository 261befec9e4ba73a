"""The XSD and national Schematron checks, held to the official compliance documents,
and the reading of untrusted XML attacked as an adversary would."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from fieldforms.nemsis.checks import MAX_DOCUMENT_BYTES, UnsafeXml, checker, parse

CASES = Path(__file__).parent / "data" / "nemsis" / "Compliance" / "Pre-Testing" / "xml"
PASSING = sorted(p.relative_to(CASES).as_posix() for folder in ("national", "full")
                 for p in (CASES / folder).glob("*.xml"))


def dataset(name: str) -> str:
    return "DEMDataSet" if "-DEM-" in name else "EMSDataSet"


def case(name: str) -> bytes:
    return (CASES / name).read_bytes()


@pytest.mark.parametrize("name", PASSING)
def test_the_official_cases_pass_xsd_and_schematron(name: str) -> None:
    found = checker(dataset(name)).check(parse(case(name)))
    assert [str(f) for f in found if f.severity == "error"] == []


@pytest.mark.parametrize(("name", "element", "line"), [
    ("fail/2025-EMS-FailXsd_v351.xml", "eSituation", 121),
    ("fail/2025-DEM-FailXsd_v351.xml", "dConfiguration.02", 160),
])
def test_the_xsd_failures_fail_the_xsd(name: str, element: str, line: int) -> None:
    found = checker(dataset(name)).xsd(parse(case(name)))
    assert [(f.source, f.severity, f.element, f.line) for f in found] == [
        ("xsd", "error", element, line)]


@pytest.mark.parametrize(("name", "element", "rule"), [
    ("fail/2025-EMS-FailSchematron_v351.xml", "eSituation.10", "nemSch_e005"),
    ("fail/2025-DEM-FailSchematron_v351.xml", "dConfiguration.09", None),
])
def test_the_schematron_failures_pass_the_xsd_and_fail_the_rules(name: str, element: str,
                                                                 rule: str | None) -> None:
    check = checker(dataset(name))
    tree = parse(case(name))
    assert check.xsd(tree) == []
    errors = [f for f in check.schematron(tree) if f.severity == "error"]
    assert [(f.source, f.element) for f in errors] == [("schematron", element)]
    assert errors[0].line and errors[0].message and errors[0].path
    assert rule is None or errors[0].rule == rule


@pytest.mark.parametrize(("moment", "accepted"), [
    ("2024-10-07T20:20:00-04:00", True),
    ("2024-10-07T20:20:00Z", False),        # Z: the XSD wants ±hh:mm
    ("2024-10-07T20:20-04:00", False),      # no seconds
    ("2024-10-07T20:20:00", False),         # no offset
])
def test_datetimes_need_seconds_and_an_offset(moment: str, accepted: bool) -> None:
    text = case("national/2025-EMS-1-Overdose_v351.xml").decode()
    original = "<eTimes.03>2024-10-07T20:22:01-04:00</eTimes.03>"
    assert original in text
    changed = text.replace(original, f"<eTimes.03>{moment}</eTimes.03>").encode()
    found = checker().xsd(parse(changed))
    assert (found == []) is accepted
    assert accepted or found[0].element == "eTimes.03"


def test_the_checker_is_built_once_per_process() -> None:
    first = checker()
    first.schematron(parse(case("national/2025-EMS-1-Overdose_v351.xml")))
    compiled = first._executable()
    assert checker() is first and first._executable() is compiled


# --- attacks on the reading of untrusted XML ---------------------------------------
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<EMSDataSet xmlns="http://www.nemsis.org">&lol9;</EMSDataSet>"""


def test_entity_expansion_is_refused() -> None:
    with pytest.raises(UnsafeXml, match="DTD"):
        parse(BILLION_LAUGHS)


def test_an_external_entity_cannot_read_a_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("PHI-SECRET")
    attack = (f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "file://{secret}">]>'
              '<EMSDataSet xmlns="http://www.nemsis.org">&s;</EMSDataSet>').encode()
    with pytest.raises(UnsafeXml) as refused:
        parse(attack)
    assert "PHI-SECRET" not in str(refused.value)


def test_an_external_dtd_is_never_fetched() -> None:
    attack = (b'<?xml version="1.0"?><!DOCTYPE EMSDataSet SYSTEM "http://127.0.0.1:9/x.dtd">'
              b'<EMSDataSet xmlns="http://www.nemsis.org"/>')
    with pytest.raises(UnsafeXml, match="DTD"):
        parse(attack)


def test_a_dtd_hidden_in_utf16_is_refused() -> None:
    """The byte scan cannot see it; the parsed document's own DTD gives it away."""
    attack = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]>'
              '<EMSDataSet xmlns="http://www.nemsis.org">&a;</EMSDataSet>').encode("utf-16")
    with pytest.raises(UnsafeXml, match="DTD"):
        parse(attack)


def test_an_oversized_document_is_refused_before_it_is_read() -> None:
    huge = b"<EMSDataSet>" + b" " * MAX_DOCUMENT_BYTES + b"</EMSDataSet>"
    started = time.perf_counter()
    with pytest.raises(UnsafeXml, match="larger"):
        parse(huge)
    assert time.perf_counter() - started < 5  # refused by its size, not parsed


def test_not_xml_is_a_clear_error() -> None:
    with pytest.raises(UnsafeXml, match="well-formed"):
        parse(b"<EMSDataSet><unclosed></EMSDataSet>")
