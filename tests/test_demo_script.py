"""The README's main command, run as a newcomer runs it (issue 13): `./scripts/demo.sh`
on a machine with an X display (Xvfb) and no Secret Service. The window is driven with
the keyboard through the X server: set-up by the demo admin, a medic's sign-in; then
the demo is stopped and started again, and the medic signs in with the server up, and
once more with it stopped (offline). The demo's own keyring (gnome-keyring, in the demo
folder) is what keeps offline sign-in working across runs."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.helpers import ADMIN, MEDIC
from tests.support.smtp import free_port
from tests.support.walk import TITLE, set_up, sign_in
from tests.support.xdisplay import Screen, xvfb

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "test-output" / "demo-script"


@contextmanager
def demo_running(screen: Screen, demo_dir: Path, port: int, log: Path) -> Iterator[int]:
    """./scripts/demo.sh in its own process group; stopped with SIGTERM, as a terminal's
    Ctrl+C or a shutdown would stop it. Yields the process group."""
    env = {**screen.env, "FIELDCLIENT_DEMO_DIR": str(demo_dir), "PORT": str(port),
           "FIELDCLIENT_DEMO_KEYRING_PASSWORD": "demo keyring, test run"}
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)  # no desktop session: no Secret Service
    with log.open("ab") as output:
        demo = subprocess.Popen(["bash", str(ROOT / "scripts" / "demo.sh")], env=env,
                                stdin=subprocess.DEVNULL, stdout=output,
                                stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield demo.pid
    finally:
        os.killpg(demo.pid, signal.SIGTERM)
        code = demo.wait(timeout=90)
        assert code in (0, 143), f"exit {code}: " + log.read_text(errors="replace")[-6000:]
        assert group_members(demo.pid) == {}, "the demo left processes behind"


def group_members(group: int) -> dict[int, list[bytes]]:
    """The live processes of a group, pid → argv (an exited one that nobody has reaped
    yet is not live)."""
    found = {}
    for proc in Path("/proc").iterdir():
        try:
            if (proc.name.isdigit() and os.getpgid(int(proc.name)) == group
                    and (proc / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"):
                found[int(proc.name)] = (proc / "cmdline").read_bytes().split(b"\0")
        except (OSError, ProcessLookupError):
            continue
    return found


def stop_the_server(group: int) -> None:
    for pid, argv in group_members(group).items():
        if b"serve" in argv and any(part.endswith(b"fieldserver") for part in argv):
            os.kill(pid, signal.SIGKILL)
            return
    raise AssertionError("the demo's fieldserver was not found")


def server_devices(port: int) -> list[tuple[str, str]]:
    base = f"http://127.0.0.1:{port}"
    with httpx.Client(base_url=base, timeout=30) as http:
        token = http.post("/api/v1/auth/login",
                          json={"email": ADMIN[0], "password": ADMIN[1]}).json()["access_token"]
        devices = http.get("/api/v1/devices", headers={"Authorization": f"Bearer {token}"})
    return [(d["name"], d["status"]) for d in devices.json()]


def test_the_demo_script_from_set_up_to_offline_sign_in(tmp_path: Path) -> None:
    demo_dir, port, log = tmp_path / "demo", free_port(), tmp_path / "demo.log"
    with xvfb() as display:
        screen = Screen(display, SHOTS)
        with demo_running(screen, demo_dir, port, log):
            set_up(screen, "Medic 7 laptop")
            sign_in(screen, *MEDIC, shot="2-first-sign-in")
            assert ("Medic 7 laptop", "active") in server_devices(port)
        assert (demo_dir / "keyring" / "keyrings" / "login.keyring").is_file()
        with demo_running(screen, demo_dir, port, log):
            sign_in(screen, *MEDIC, shot="3-next-day-online")
        with demo_running(screen, demo_dir, port, log) as group:
            screen.window_named("Sign in" + TITLE, timeout=120)
            stop_the_server(group)
            sign_in(screen, *MEDIC, shot="4-next-day-offline")
    text = log.read_text(errors="replace")
    assert "Seeded the demo data." in text
    assert "demo keyring, test run" not in text
