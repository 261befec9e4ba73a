"""Changing one's own password: online only; the offline slot follows the new password."""

from __future__ import annotations

import pytest

from fieldclient.plumbing.errors import ApiRefusal, ServerUnreachable
from fieldclient.signin.device import Device
from fieldclient.signin.refusals import Refusal
from tests.client.test_signin import refusal, sign_in
from tests.helpers import ADMIN, MEDIC
from tests.support.agency import RestartableServer

NEW = "a brand new long passphrase 7"


def test_the_new_password_works_online_and_offline_and_the_old_one_does_not(
        device: Device, agency: RestartableServer) -> None:
    sign_in(device, *MEDIC)
    device.change_password(MEDIC[1], NEW)
    assert device.session is not None
    assert device.session.user.credential_version == 2
    assert [e.event for e in device.session.store.audit_events()][-1] == "password_changed"
    device.sign_out()
    sign_in(device, *ADMIN)  # checks every cached user: the medic's access stays
    device.sign_out()
    agency.stop()
    assert sign_in(device, MEDIC[0], NEW).mode == "offline"
    device.sign_out()
    assert refusal(device, MEDIC[0], MEDIC[1]).reason is Refusal.WRONG_PASSWORD
    agency.start()
    assert refusal(device, MEDIC[0], MEDIC[1]).reason is Refusal.INVALID_CREDENTIALS
    assert sign_in(device, MEDIC[0], NEW).mode == "online"


def test_the_servers_reasons_come_back_and_nothing_changes(
        device: Device, agency: RestartableServer) -> None:
    sign_in(device, *MEDIC)
    with pytest.raises(ApiRefusal) as wrong:
        device.change_password("not my password at all", NEW)
    assert wrong.value.code == "invalid_credentials"
    with pytest.raises(ApiRefusal) as weak:
        device.change_password(MEDIC[1], "password")
    assert weak.value.code == "weak_password" and "12" in str(weak.value)
    device.sign_out()
    agency.stop()
    assert sign_in(device, *MEDIC).mode == "offline"  # the old slot still opens


def test_an_offline_session_cannot_change_the_password(
        device: Device, agency: RestartableServer) -> None:
    sign_in(device, *MEDIC)
    device.sign_out()
    agency.stop()
    sign_in(device, *MEDIC)
    with pytest.raises(ServerUnreachable, match="needs the network"):
        device.change_password(MEDIC[1], NEW)
    device.sign_out()
    assert sign_in(device, *MEDIC).mode == "offline"



def test_an_online_session_whose_server_went_away_is_told_it_needs_the_network(
        device: Device, agency: RestartableServer) -> None:
    sign_in(device, *MEDIC)
    agency.stop()
    with pytest.raises(ServerUnreachable, match="needs the network"):
        device.change_password(MEDIC[1], NEW)
