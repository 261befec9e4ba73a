"""QA's comments on a returned report, where the crew works: a banner over the editor
and each comment under the field it is about. Shown while the report is back in
progress; its next Complete sends it to review again."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QLabel

from fieldclient.reports.model import ReportStatus, Review

RETURNED_BANNER = ("Returned by QA{by}. Correct what the comments say, then Complete: it "
                   "goes back to review.")


def _label(name: str, role: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setProperty("role", role)
    label.setWordWrap(True)
    label.hide()
    return label


def _by(review: Review) -> str:
    when = ""
    if review.decided_at:
        when = f", {datetime.fromisoformat(review.decided_at).astimezone():%Y-%m-%d %H:%M}"
    return f" ({review.reviewer_name}{when})" if review.reviewer_name else when


class ReviewNotes:
    def __init__(self) -> None:
        self.banner = _label("reviewBanner", "review")
        self.banner.setAccessibleName("Returned by QA")
        self._labels: dict[str, QLabel] = {}
        self._keys: dict[str, list[str]] = {}  # a group's label takes its inner fields'

    def forget_fields(self) -> None:
        """The editor's pages are rebuilt: their labels go with them."""
        self._labels, self._keys = {}, {}

    def label_for(self, key: str, inner: list[str]) -> QLabel:
        """The place under a field for QA's comments on it (a group: on its fields too)."""
        label = _label(f"review:{key}", "review")
        label.setAccessibleName("QA comment")
        self._labels[key] = label
        self._keys[key] = [key, *inner]
        return label

    def show(self, review: Review | None, status: str) -> None:
        returned = (review is not None and review.returned
                    and status == ReportStatus.IN_PROGRESS)
        self.banner.setVisible(returned)
        for key, label in self._labels.items():
            texts = [t for k in self._keys[key] for t in review.comments_on(k)] \
                if returned and review else []
            label.setText("QA: " + " ".join(texts))
            label.setVisible(bool(texts))
        if not returned or review is None:
            return
        lines = [RETURNED_BANNER.format(by=_by(review))]
        if review.note:
            lines.append(f"Note: {review.note}")
        shown = {k for keys in self._keys.values() for k in keys}
        elsewhere = [text for key, text in review.comments if key not in shown]
        lines += [f"Comment: {text}" for text in elsewhere]  # on a field not shown here
        self.banner.setText("\n".join(lines))
