"""The Incident List model over a real encrypted store: qtmodeltester, pages, stale answers."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from fieldclient.storage.database import Database
from fieldclient.storage.store import ListQuery, LocalStore
from fieldclient.ui.screens.incident_model import (
    COLUMNS,
    PAGE,
    ROW_ROLE,
    IncidentTableModel,
    Page,
    prepare,
)

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LocalStore]:
    store = LocalStore(Database.open(tmp_path / "store.db", os.urandom(32), create=True))
    yield store
    store.close()


def report(store: LocalStore, report_id: str, minutes_ago: int, patient: str = "",
           complaint: str = "", status: str = "in_progress",
           incident_id: str | None = None) -> None:
    first, _, last = patient.partition(" ")
    data = {"eTimes.03": (NOW - timedelta(minutes=minutes_ago)).isoformat(),
            "ePatient.03": first, "ePatient.02": last, "eSituation.04": complaint}
    store.save_report(report_id, form_id="epcr", form_version=1, data=data, author_id=1,
                      now=NOW, status=status, incident_id=incident_id)


def synchronous(store: LocalStore) -> Callable[..., None]:
    def fetch(query: ListQuery, offset: int, limit: int,
              deliver: Callable[[Page], None]) -> None:
        deliver(prepare(store.list_page(query, offset, limit)))
    return fetch


def test_model_passes_qtmodeltester(store: LocalStore, qtmodeltester: Any) -> None:
    report(store, "r1", 10, "Ada Lovelace", "Chest pain")
    report(store, "r2", 20, "Grace Hopper", "Fall", status="completed")
    model = IncidentTableModel(synchronous(store))
    model.set_query(ListQuery())
    qtmodeltester.check(model)
    model.set_query(ListQuery("ada"))
    qtmodeltester.check(model)


def test_columns_labels_and_incidents_without_a_report(store: LocalStore) -> None:
    store.put_incidents([{"id": "i3", "number": "26-004103", "unit": "Medic 3",
                          "address": "", "nature": "Seizure",
                          "dispatched_at": (NOW - timedelta(minutes=30)).isoformat(),
                          "updated_at": NOW.isoformat()}])
    report(store, "r1", 10, "Ada Lovelace", "Chest pain")
    model = IncidentTableModel(synchronous(store))
    model.set_query(ListQuery())
    assert [model.headerData(c, Qt.Orientation.Horizontal)
            for c in range(len(COLUMNS))] == list(COLUMNS)
    assert [model.data(model.index(0, c)) for c in range(len(COLUMNS))] == [
        "", "2026-11-22 09:50", "", "Ada Lovelace", "Chest pain", "In progress", "Not synced"]
    assert [model.data(model.index(1, c)) for c in (0, 2, 4, 5, 6)] == [
        "26-004103", "Medic 3", "Seizure", "No report yet", ""]
    assert model.data(model.index(1, 0), ROW_ROLE).incident_id == "i3"


def test_scrolling_fetches_pages_until_the_end(store: LocalStore) -> None:
    for i in range(PAGE * 2 + 50):
        report(store, f"r{i:04d}", i, f"Pat {i}")
    model = IncidentTableModel(synchronous(store))
    model.set_query(ListQuery())
    assert model.rowCount() == PAGE and model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == PAGE * 2 + 50 and not model.canFetchMore()
    ids = [model.row_at(i).report_id for i in range(model.rowCount())]
    assert ids == sorted(ids)  # newest first, each report exactly once
    model.reload()  # a sync finished: every loaded row comes back, the scroll stays
    assert model.rowCount() == PAGE * 2 + 50


def test_an_older_searchs_answer_is_dropped(store: LocalStore) -> None:
    report(store, "r1", 10, "Ada Lovelace")
    report(store, "r2", 20, "Grace Hopper")
    waiting: list[Callable[[], None]] = []

    def deferred(query: ListQuery, offset: int, limit: int,
                 deliver: Callable[[Page], None]) -> None:
        page = prepare(store.list_page(query, offset, limit))
        waiting.append(lambda: deliver(page))

    model = IncidentTableModel(deferred)
    model.set_query(ListQuery("ada"))
    model.set_query(ListQuery("grace"))
    waiting[1]()
    waiting[0]()  # arrives late: ignored
    assert [model.row_at(i).report_id for i in range(model.rowCount())] == ["r2"]
