"""The Windows lane's real-window walk (issue 15): the fieldclient.exe its installer put
in Program Files, under Wine on the lane's X display (Windows' own platform plugin, the
real Credential Manager), against a real fieldserver on this Linux side over loopback.
Set-up by the admin, the medic's first sign-in online, then the program closed as a
person closes it (Alt+F4), the server gone, and the medic's offline sign-in. The pictures are kept
in test-output/windows/.

scripts/windows-lane.sh runs it with FIELDCLIENT_WINDOWS_PROGRAM naming the program (and
WINEPREFIX and DISPLAY set); elsewhere it is skipped."""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.helpers import ADMIN, MEDIC
from tests.support.agency import RestartableServer
from tests.support.walk import TITLE, set_up, sign_in
from tests.support.xdisplay import Screen

PROGRAM = os.environ.get("FIELDCLIENT_WINDOWS_PROGRAM", "")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not PROGRAM, reason="the Windows lane's walk "
                                 "(scripts/windows-lane.sh): needs the installed program")]
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "windows"


@contextmanager
def running(screen: Screen, agency: RestartableServer) -> Iterator[list[str]]:
    """The installed program, started as its shortcut starts it (plus the loopback server:
    the installer takes https:// only); closed at the end with Alt+F4, as a person at
    the keyboard closes it (Windows turns it into WM_CLOSE; Wine's taskkill did not find
    the process). Yields what Wine printed."""
    output: list[str] = []
    program = subprocess.Popen(["wine", PROGRAM, "--server", agency.base_url],
                               env=screen.env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               errors="replace")
    assert program.stdout is not None
    # Through a pipe: Wine's Windows programs die at start on a regular file as stdout.
    reader = threading.Thread(target=lambda: output.extend(program.stdout or []), daemon=True)
    reader.start()
    try:
        yield output
    finally:
        screen.focus(screen.window_named(TITLE))
        screen.press("alt+F4")
        try:
            code = program.wait(timeout=60)
        except subprocess.TimeoutExpired as stuck:
            program.kill()
            printed = "".join(output)[-3000:]
            raise AssertionError(f"fieldclient.exe did not close: {printed}") from stuck
        reader.join(timeout=30)
        program.stdout.close()
    assert code == 0, "".join(output)[-3000:]


def registered(agency: RestartableServer) -> list[str]:
    assert agency.live is not None
    with agency.live.as_user(*ADMIN) as admin:
        return [d["name"] for d in admin.get("/api/v1/devices").json()]


def test_the_installed_program_sets_up_and_signs_in_offline(
    agency: RestartableServer
) -> None:
    screen = Screen(os.environ["DISPLAY"], SHOTS)
    with running(screen, agency):
        set_up(screen, "Wine laptop")
        sign_in(screen, *MEDIC, shot="2-first-sign-in-online")
    assert "Wine laptop" in registered(agency)
    agency.stop()  # no network from here on
    with running(screen, agency):
        sign_in(screen, *MEDIC, shot="3-offline-sign-in")
    assert (SHOTS / "3-offline-sign-in.png").stat().st_size > 10_000
