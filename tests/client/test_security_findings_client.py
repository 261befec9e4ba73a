"""Issue 14's findings on the client side (docs/security.md), against a real fieldserver."""

from __future__ import annotations

from fieldclient.signin.device import THROTTLED, Device
from fieldclient.signin.refusals import Refusal
from tests.client.conftest import OpenDevice
from tests.client.test_signin import online_once_then_offline, refusal, sign_in
from tests.helpers import MEDIC
from tests.support.agency import RestartableServer
from tests.support.clock import FakeClock


def test_finding_05_a_throttled_account_signs_in_offline_on_its_own_laptop(
    device: Device, agency: RestartableServer
) -> None:
    sign_in(device, *MEDIC)
    device.sign_out()
    for _ in range(5):  # someone at this laptop guessed; the server now says rate_limited
        assert refusal(device, MEDIC[0], "a wrong guess 123").reason \
            is Refusal.INVALID_CREDENTIALS
    session = sign_in(device, *MEDIC)
    assert session.offline and session.why_offline == THROTTLED
    device.sign_out()
    # The offline slot's own counters still hold: a wrong password there is refused.
    wrong = refusal(device, MEDIC[0], "another wrong guess")
    assert (wrong.reason, wrong.attempts_left) == (Refusal.WRONG_PASSWORD, 9)


def test_finding_13_setting_the_clock_back_never_extends_offline_access(
    device: Device, agency: RestartableServer, clock: FakeClock
) -> None:
    online_once_then_offline(device, agency, MEDIC)  # 14 offline days from now
    clock.advance(days=13, hours=20)
    sign_in(device, *MEDIC)  # the device has now seen day 13, hour 20
    device.sign_out()
    clock.advance(hours=-23)  # set back, within the 24 h tolerance
    clock.advance(hours=5)  # five hours really pass: the wall clock reads day 13, 2 h
    assert refusal(device, *MEDIC).reason is Refusal.EXPIRED


def test_finding_13_the_tolerated_step_back_gains_nothing(
    device: Device, agency: RestartableServer, clock: FakeClock, open_device: OpenDevice
) -> None:
    online_once_then_offline(device, agency, MEDIC)
    clock.advance(days=14, hours=1)  # one hour past the end of offline access, the laptop off
    clock.advance(hours=-23)  # the crew sets the clock back before the client starts
    device = open_device(device.paths.data_dir)  # a new start: it saw no time pass
    sign_in(device, *MEDIC)  # nothing seen says otherwise: allowed (the known limit)
    device.sign_out()
    for _ in range(3):  # but again and again: each step back is measured from what was seen
        clock.advance(hours=-20)
        clock.advance(hours=21)  # and real time passes meanwhile
    # Refused: the clock now reads more than a day behind what the device has seen.
    assert refusal(device, *MEDIC).reason in (Refusal.EXPIRED, Refusal.CLOCK_MOVED_BACK)
