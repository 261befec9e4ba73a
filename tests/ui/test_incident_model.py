"""The Incident List model: checked by qtmodeltester, filtered in the model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from fieldclient.storage.store import ListRow
from fieldclient.ui.incident_model import COLUMNS, ROW_ROLE, IncidentTableModel


def rows() -> list[ListRow]:
    return [
        ListRow("r1", "i1", "26-004101", "2026-11-22T09:00:00+00:00", "Medic 7", "Ada Lovelace",
                "Chest pain", "in_progress", "not_synced"),
        ListRow("r2", None, "", "2026-11-22T08:00:00+00:00", "", "Grace Hopper", "Fall",
                "completed", "synced"),
        ListRow(None, "i3", "26-004103", "2026-11-22T07:00:00+00:00", "Medic 3", "",
                "Seizure", None, None),
        ListRow("r4", None, "", "2026-11-21T07:00:00+00:00", "", "Alan Turing", "Syncope",
                "completed", "conflict"),
    ]


def test_model_passes_qtmodeltester(qtmodeltester: Any) -> None:
    model = IncidentTableModel()
    model.set_rows(rows())
    qtmodeltester.check(model)
    model.set_filter("ada")
    qtmodeltester.check(model)


def test_columns_and_labels() -> None:
    model = IncidentTableModel()
    model.set_rows(rows())
    assert [model.headerData(c, Qt.Orientation.Horizontal)
            for c in range(len(COLUMNS))] == list(COLUMNS)
    first = [model.data(model.index(0, c)) for c in range(len(COLUMNS))]
    assert first == ["26-004101", "2026-11-22 09:00", "Medic 7", "Ada Lovelace", "Chest pain",
                     "In progress", "Not synced"]
    assert model.data(model.index(2, 5)) == "No report yet"
    assert model.data(model.index(3, 6)) == "Conflict"
    assert model.data(model.index(1, 0), ROW_ROLE).report_id == "r2"


def test_filters_combine() -> None:
    model = IncidentTableModel()
    model.set_rows(rows())
    model.set_filter("MEDIC")
    assert [model.row_at(i).report_id for i in range(model.rowCount())] == ["r1", None]
    model.set_filter("", status="completed")
    assert [model.row_at(i).report_id for i in range(model.rowCount())] == ["r2", "r4"]
    model.set_filter("", status="completed", sync_state="conflict")
    assert [model.row_at(i).report_id for i in range(model.rowCount())] == ["r4"]
    model.set_filter("", status="none")
    assert [model.row_at(i).incident_id for i in range(model.rowCount())] == ["i3"]
    model.set_rows(rows()[:1])  # new data keeps the filter
    assert model.rowCount() == 0
