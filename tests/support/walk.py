"""The crew's first steps in a real window, through the X server's keyboard: set-up by
the admin and a sign-in. Shared by the demo script's walk and the Windows lane's walk of
the installed program."""

from __future__ import annotations

from tests.helpers import ADMIN
from tests.support.xdisplay import Screen

TITLE = " - fieldclient"


def set_up(screen: Screen, device_name: str) -> None:
    """Each step's first field has the keyboard; the title says which step it is."""
    window = screen.window_named("Set up this device (1 of 3)" + TITLE, timeout=180)
    screen.shot("1-setup-server")
    screen.focus(window)
    screen.press("Return")  # the server address is filled in: check it
    screen.window_named("Set up this device (2 of 3)" + TITLE)
    screen.type(ADMIN[0])
    screen.press("Tab")
    screen.type(ADMIN[1])
    screen.shot("1-setup-admin")
    screen.press("Return")
    screen.window_named("Set up this device (3 of 3)" + TITLE)
    screen.type(device_name)
    screen.shot("1-setup-name")
    screen.press("Return")


def sign_in(screen: Screen, email: str, password: str, shot: str) -> None:
    window = screen.window_named("Sign in" + TITLE, timeout=120)
    screen.focus(window)
    screen.type(email)
    screen.press("Tab")
    screen.type(password)
    screen.press("Return")
    screen.window_named("EMS Incident List" + TITLE, timeout=90)
    screen.shot(shot)
