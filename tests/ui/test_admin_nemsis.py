"""Admin Tools → NEMSIS against the real server: the basics checked by the XSD, a
DEMDataSet imported whole, and one that fails refused with where and why."""

from __future__ import annotations

from typing import Any

from fieldclient.admin.calls import Admin
from fieldclient.signin.device import Device
from fieldclient.ui.main_window import MainWindow
from tests.helpers import ADMIN
from tests.support.nemsis import CASES
from tests.ui.harness import click, sign_in_on_screen, type_into


def nemsis_tab(window: MainWindow, qtbot: Any) -> Any:
    sign_in_on_screen(qtbot, window, *ADMIN)
    window.admin_button.click()
    panel = window.admin
    tabs = [panel.tabs.tabText(i) for i in range(panel.tabs.count())]
    panel.tabs.setCurrentIndex(tabs.index("NEMSIS"))
    # The tab's first answer (what the server holds) comes before the admin types.
    qtbot.waitUntil(lambda: window._ops.running == 0, timeout=30000)
    return panel.nemsis


def test_the_basics_are_entered_and_checked(window: MainWindow, device: Device,
                                            qtbot: Any) -> None:
    screen = nemsis_tab(window, qtbot)
    for key, text in (("state_id", "C034"), ("number", "351-C034P2"),
                      ("name", "Danbury Fire Department"), ("state", "CT")):
        type_into(qtbot, screen.fields[key], text)
    click(qtbot, screen.save)
    qtbot.waitUntil(lambda: screen.message.property("role") == "error", timeout=30000)
    assert "EMS Agency State" in screen.message.text()
    type_into(qtbot, screen.fields["state"], "09")
    click(qtbot, screen.save)
    qtbot.waitUntil(lambda: screen.message.text() == "Saved.", timeout=30000)
    assert device.session is not None
    assert Admin(device.session).nemsis_agency()["state"] == "09"


def test_a_dem_dataset_is_imported_and_a_failing_one_refused(window: MainWindow,
                                                             device: Device,
                                                             qtbot: Any) -> None:
    screen = nemsis_tab(window, qtbot)
    screen.import_file(CASES / "xml" / "fail" / "2025-DEM-FailXsd_v351.xml")
    qtbot.waitUntil(lambda: screen.message.property("role") == "error", timeout=30000)
    assert "Line 160, dConfiguration.02" in screen.message.text()
    screen.import_file(CASES / "xml" / "full" / "2025-DEM-1_v351.xml")
    qtbot.waitUntil(lambda: screen.message.text().startswith("Imported"), timeout=30000)
    assert screen.fields["number"].text() == "351-C034P2"
