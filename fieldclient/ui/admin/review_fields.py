"""The fields of a report under review, as a table: section, field, answer, and the
reviewer's comment on it, the one column that can be edited."""

from __future__ import annotations

from typing import Any

from fieldclient.admin.reviews import FieldShown
from fieldclient.ui.widgets.edit_model import OneEditableColumnModel

HEADERS = ("Section", "Field", "Answer", "QA comment")
COMMENT = 3


class ReviewFieldsModel(OneEditableColumnModel[FieldShown]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(HEADERS, COMMENT, parent)
        self._comments: dict[str, str] = {}

    def set_fields(self, fields: list[FieldShown]) -> None:
        self._comments = {}
        self._reset(fields)

    def comments(self) -> dict[str, str]:
        """By field key; only those with words."""
        return {k: t for k, t in self._comments.items() if t.strip()}

    def key_of(self, row: int) -> str:
        return self._rows[row].key

    def cells(self, row: FieldShown) -> tuple[str, ...]:
        return (row.section, row.label, row.text or "—", self._comments.get(row.key, ""))

    def edit(self, row: FieldShown, text: str) -> None:
        self._comments[row.key] = text
