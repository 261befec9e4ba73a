"""Each report opens on the form version it was written on: when the agency publishes a
new version, a report written on the old one keeps its own fields (a newer form has
other keys, and saving through it would drop what it does not show)."""

from __future__ import annotations

import copy
from typing import Any

from fieldclient.signin.device import Device
from fieldclient.sync.engine import SyncEngine
from fieldclient.ui.main_window import MainWindow
from fieldforms import epcr_v1, epcr_v3
from fieldserver import forms_store
from fieldserver.models import Agency
from tests.helpers import MEDIC
from tests.support.agency import RestartableServer
from tests.support.reports import upload_body
from tests.ui.test_epcr_editor import new_epcr, save_and_exit, signed_in


def publish_new_edition(agency: RestartableServer, monkeypatch: Any) -> None:
    """A new edition of the form on the server, made current: v1 with another first
    section, as version 4 (2 is NEMSIS form v2 and 3 is v2 with signature blocks,
    published beside v1)."""
    definition = copy.deepcopy(epcr_v1.definition())
    definition["version"] = 4
    definition["sections"][0]["label"] = "Record and response (edition 4)"
    live = agency.live
    assert live is not None
    with live.ctx.sessions() as db:
        for found in db.query(Agency).all():
            forms_store.publish(db, found.id, definition, live.clock.now())
        db.commit()
    monkeypatch.setitem(forms_store.CURRENT_VERSION, "epcr", 4)


def test_a_report_opens_on_its_own_form_version(window: MainWindow, device: Device,
                                                agency: RestartableServer, qtbot: Any,
                                                monkeypatch: Any) -> None:
    signed_in(window, device, qtbot)
    new_epcr(window, qtbot)
    window.editor.editors["ePatient.02"].set_value("Lovelace")
    save_and_exit(window, qtbot)
    session = device.session
    assert session is not None
    report_id = window.incidents.model.row_at(0).report_id
    publish_new_edition(agency, monkeypatch)
    session.refresh_form(agency.live.clock.now())  # what each sync does
    assert session.store.latest_form("epcr")[0] == 4  # type: ignore[index]

    window.incidents._activated(window.incidents.model.index(0, 0))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.editor, timeout=30000)
    assert window.editor._report_id == report_id
    assert window.editor.sections.item(0).text() == "Record and response"
    assert window.editor.editors["ePatient.02"].value() == "Lovelace"
    window.editor.discard()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.incidents, timeout=30000)
    new_epcr(window, qtbot)  # a new report takes the current version
    assert window.editor.sections.item(0).text() == "Record and response (edition 4)"


def test_a_version_missing_here_is_fetched_for_the_reports_that_need_it(
        window: MainWindow, device: Device, agency: RestartableServer, qtbot: Any,
        monkeypatch: Any) -> None:
    signed_in(window, device, qtbot)
    new_epcr(window, qtbot)
    save_and_exit(window, qtbot)
    session = device.session
    assert session is not None
    publish_new_edition(agency, monkeypatch)
    session.refresh_form(agency.live.clock.now())
    with session.store.db.transaction() as c:  # as if v3 had never been cached here
        c.execute("DELETE FROM form_definitions WHERE version = 3")
    assert session.store.missing_form_versions("epcr") == [3]
    session.refresh_form(agency.live.clock.now())
    assert session.store.missing_form_versions("epcr") == []
    assert session.store.form("epcr", 3) == epcr_v3.definition()


def test_an_older_version_cached_for_its_reports_is_not_what_new_reports_take(
        window: MainWindow, device: Device, agency: RestartableServer, qtbot: Any,
        monkeypatch: Any) -> None:
    """While v1 was still the agency's current form: this device's report, saved again
    on form v2 elsewhere (the crew's other laptop), comes back with v2 in the same sync;
    v1 is still the current form, so new reports here are still v1."""
    monkeypatch.setitem(forms_store.CURRENT_VERSION, "epcr", 1)
    signed_in(window, device, qtbot)
    new_epcr(window, qtbot)
    report_id = window.editor._report_id
    save_and_exit(window, qtbot)
    session = device.session
    assert session is not None
    live = agency.live
    assert live is not None
    engine = SyncEngine(session, live.clock, device.events)
    assert engine.run().ok
    with live.as_user(*MEDIC) as medic:
        me = medic.get("/api/v1/me").json()["id"]
        body = upload_body({"eArrest.01": "3001001"}, me) | {"form_version": 2}
        answer = medic.put(f"/api/v1/reports/{report_id}", json=body,
                           headers={"Idempotency-Key": f"{report_id}:elsewhere",
                                    "If-Match": '"1"'})
        assert answer.status_code == 200, answer.text
    assert engine.run().ok
    pulled = session.store.report(report_id)
    assert pulled is not None and pulled.form_version == 2
    assert session.store.form("epcr", 2) is not None  # in the same pass as the report
    assert session.store.latest_form("epcr")[0] == 1  # type: ignore[index]
    new_epcr(window, qtbot)
    assert window.editor._form["version"] == 1
