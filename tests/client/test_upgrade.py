"""Installing a newer build over an older one: the store a previous version wrote (down to
the oldest schema) opens at the next sign-in, migrates, keeps every report, and syncs."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from fieldclient.plumbing.errors import DatabaseUnreadable
from fieldclient.signin.device import Device
from fieldclient.storage.database import Database
from fieldclient.storage.migrations import LATEST
from fieldclient.storage.store import ListQuery
from fieldclient.sync.engine import SyncEngine
from tests.client.test_signin import sign_in, vault
from tests.helpers import MEDIC
from tests.support.agency import RestartableServer
from tests.support.clock import FakeClock
from tests.support.reports import complete_report

KEPT_TABLES = ("users", "form_definitions")  # as schema 1 has them
REPORTS = 24


def data_key(device: Device) -> bytes:
    """The store's key, through the medic's own offline keyslot (as a sign-in gets it)."""
    entry = vault(device).entry(MEDIC[0])
    assert entry is not None and entry.slot is not None
    keys = vault(device).unlock_slot(MEDIC[0], entry.slot, MEDIC[1])
    assert keys is not None
    return keys.data_key


def rows_of(db: Database, table: str) -> tuple[list[str], list[Any]]:
    columns = [r[1] for r in db.query(f"PRAGMA table_info({table})")]
    # What schema 1 has: later columns (users' from 5 on, the forms' current flag from 6)
    # would not fit.
    columns = columns[:{"users": 9, "form_definitions": 5}[table]]
    # Names from our own schema, never from input.
    return columns, db.query(f"SELECT {', '.join(columns)} FROM {table}")  # noqa: S608


def write_old_store(device: Device, schema: int, now: datetime) -> dict[str, dict[str, Any]]:
    """Rewrite the device's store as the build with `schema` would have left it."""
    key = data_key(device)
    current = Database.open(device.paths.database, key)
    kept = {table: rows_of(current, table) for table in KEPT_TABLES}
    current.close()
    for path in device.paths.database_files():
        path.unlink(missing_ok=True)
    old = Database.open(device.paths.database, key, create=True, schema=schema)
    reports = {f"00000000-0000-4000-8000-{i:012d}": complete_report(now, (f"Zoë{i}", "Ñúñez"))
               for i in range(REPORTS)}
    with old.transaction() as c:
        for table, (columns, rows) in kept.items():
            marks = ", ".join("?" * len(columns))
            c.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                          rows)
        for report_id, data in reports.items():
            c.execute("INSERT INTO reports (id, local_revision, form_id, form_version, status,"
                      " data, author_id, created_at, saved_at, sync_state) VALUES"
                      " (?, 1, 'epcr', 1, 'completed', ?, ?, ?, ?, 'not_synced')",
                      (report_id, json.dumps(data), kept["users"][1][0][0], now.isoformat(),
                       now.isoformat()))
            c.execute("INSERT INTO outbox (report_id, local_revision, created_at)"
                      " VALUES (?, 1, ?)", (report_id, now.isoformat()))
    assert old.query("PRAGMA user_version")[0][0] == schema
    old.close()
    return reports


@pytest.mark.parametrize("schema", range(1, LATEST), ids=lambda s: f"schema-{s}")
def test_an_older_store_migrates_keeps_every_report_and_syncs(
        device: Device, agency: RestartableServer, clock: FakeClock, schema: int) -> None:
    sign_in(device, *MEDIC)  # the older build's one online sign-in
    device.sign_out()
    reports = write_old_store(device, schema, datetime.now(UTC))

    agency.stop()  # the newer build starts with no network: offline sign-in migrates
    session = sign_in(device, *MEDIC)
    assert session.offline
    store = session.store
    assert store.db.query("PRAGMA user_version")[0][0] == LATEST
    for report_id, data in reports.items():
        saved = store.report(report_id)
        assert saved is not None and saved.data == data and saved.status == "completed"
    listed = store.list_page(ListQuery(sync_state="not_synced"), limit=1000)
    assert {r.report_id for r in listed} == set(reports)
    assert [r.report_id for r in store.list_page(ListQuery("zoë7 ñúñez"))] == [
        "00000000-0000-4000-8000-000000000007"]
    device.sign_out()

    agency.start()
    session = sign_in(device, *MEDIC)
    SyncEngine(session, clock, device.events).run()
    states = {store_row.report_id: store_row.sync_state
              for store_row in session.store.list_page(ListQuery(), limit=1000)
              if store_row.report_id}
    assert states == dict.fromkeys(reports, "synced")


def test_a_store_from_a_newer_build_is_refused_untouched(device: Device) -> None:
    sign_in(device, *MEDIC)
    device.sign_out()
    key = data_key(device)
    db = Database.open(device.paths.database, key)
    with db.transaction() as c:
        c.execute(f"PRAGMA user_version = {LATEST + 1}")
    db.close()
    before = device.paths.database.read_bytes()
    with pytest.raises(DatabaseUnreadable, match="newer fieldclient"):
        Database.open(device.paths.database, key)
    assert device.paths.database.read_bytes() == before
