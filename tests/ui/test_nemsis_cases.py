"""The 2025 NEMSIS compliance cases keyed through the editor, as the `fieldclient` command
starts it, from the labels of each case's scenario page (html/): a crew can enter the
case. Then Complete (the form's checks, the XSD and the national Schematron on the
device), the sync, and the server's national export, compared with the official
xml/national/ document as a multiset of (element path, value or NV or PN, attributes).

Ignored, as the issue's acceptance says, because agency set-up and the software fill
them: the UUID, the Header's DemographicGroup, eRecord.01-.04 (the page says "[Your
Patient Care Report Number]": the software numbers the report) and eResponse.01/.02.
The destination's state, county and ZIP (eDisposition.05-.07) are not ignored: the crew
names the destination, and the server fills them from the agency's DEMDataSet (2025-DEM-1
imported first), as the page's "[Value from DEMDataSet]" says.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from lxml import etree

from fieldclient.signin.device import Device
from fieldclient.ui.main_window import MainWindow
from fieldforms.nemsis import ansi
from fieldforms.nemsis.elements import table
from tests.helpers import ADMIN, MEDIC
from tests.support import scenario
from tests.support.agency import RestartableServer
from tests.support.nemsis import CASES, SET_UP, facts, parsed
from tests.ui.harness import click
from tests.ui.keying import Keying
from tests.ui.test_epcr_editor import new_epcr, signed_in

NS = "{http://www.nemsis.org}"
IGNORED = SET_UP | {"eRecord.01"}
IGNORED_ATTRIBUTES = frozenset({
    "UUID", "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"})
COUNTY_NAMES = {c["value"]: c["label"].split(",")[0] for c in ansi.county_choices()}


def counties_not_shown(rows: list[scenario.Row], expected: Any) -> dict[str, str]:
    """The page leaves the patient's and the scene's county blank (it has no names for
    ANSI county codes). A crew picks the county of the address by name: the name is
    looked up here from the expected code, and typed into the picker like any other."""
    return {row.name: COUNTY_NAMES[expected.findtext(f".//{NS}{row.name}")]
            for row in rows if not row.group and not row.values
            and expected.find(f".//{NS}{row.name}") is not None}


@pytest.mark.parametrize("case", ["2025-EMS-1-Overdose_v351", "2025-EMS-2-Suicide_v351"])
def test_a_compliance_case_keyed_through_the_editor_exports_as_the_national_case(
        window: MainWindow, device: Device, agency: RestartableServer, qtbot: Any,
        case: str) -> None:
    with agency.live.as_user(*ADMIN) as admin:
        dem = (CASES / "xml" / "full" / "2025-DEM-1_v351.xml").read_bytes()
        answer = admin.put("/api/v1/nemsis/dem", content=dem,
                           headers={"Content-Type": "application/xml"})
        assert answer.status_code == 200, answer.text
    rows = scenario.read(CASES / "html" / f"{case}.html")
    expected = parsed(CASES / "xml" / "national" / f"{case}.xml")
    signed_in(window, device, qtbot)
    new_epcr(window, qtbot)
    keying = Keying(window.editor, qtbot, counties_not_shown(rows, expected))
    keying.scenario(rows)

    # The form holds the whole case: every National value the crew gives. (Not the
    # deprecated ePatient.13, which the form writes Not Recorded by itself.)
    national = {e.name for e in table("EMSDataSet").national() if not e.deprecated}
    crews = {r.name for r in rows if not r.group and r.name in national
             and not all(v.set_up for v in r.values)}
    assert crews - IGNORED - keying.keyed == set()

    report_id = complete(window, qtbot)
    exported = national_export(agency, report_id, qtbot)
    got = facts(etree.fromstring(exported), IGNORED, IGNORED_ATTRIBUTES)
    want = facts(expected, IGNORED, IGNORED_ATTRIBUTES)
    assert (got - want, want - got) == ({}, {})


def complete(window: MainWindow, qtbot: Any) -> str:
    """Complete, checked on the device; back on the list once it passed."""
    editor, report_id = window.editor, window.editor._report_id
    click(qtbot, editor.complete_button)

    def problems() -> list[str]:
        return [editor.summary.item(i).text() for i in range(editor.summary.count())]

    # Warnings are shown and do not hold Complete up: it saves, then the list comes back.
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.incidents or (
        editor.complete_button.isEnabled()
        and any(not p.startswith("Warning:") for p in problems())), timeout=60000)
    assert window.stack.currentWidget() is window.incidents, problems()
    return report_id


def national_export(agency: RestartableServer, report_id: str, qtbot: Any) -> bytes:
    """Once the sync has sent the report: the server's national submission of it."""
    with agency.live.as_user(*MEDIC) as medic:
        answers: list[httpx.Response] = []

        def synced() -> bool:
            answers.append(medic.get(f"/api/v1/reports/{report_id}/nemsis",
                                     params={"subset": "national"}))
            return answers[-1].status_code != 404

        qtbot.waitUntil(synced, timeout=60000)
        assert answers[-1].status_code == 200, answers[-1].text
        return answers[-1].content
