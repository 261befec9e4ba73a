"""What the hospital handoff report says: pure Python, no Qt (ui/printing renders it).

The report read through its form: every answered field under its section's title (a
bare NOT value, "Not Applicable", is left out: it tells the nurse nothing), the vitals,
medications and procedures as tables, the narrative, each signature with who signed and
whether the report changed since, and the addenda. Labels are the form's, so the words
are those the crew saw.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fieldclient.reports.model import Report
from fieldclient.storage.access_log import PRINTED, SAVED_PDF
from fieldclient.storage.atomic import atomic_write
from fieldforms import signatures, upgrade
from fieldforms.display import field_lines, fields_by_key, words
from fieldforms.nemsis.shape import plain_value

if TYPE_CHECKING:
    from fieldclient.storage.store import LocalStore

# The tables' columns: (element, header). Headers are short: a page has room for them.
TABLES = {
    "eVitals.VitalGroup": ("Vitals", [
        ("eVitals.01", "Time"), ("eVitals.06", "SBP"), ("eVitals.07", "DBP"),
        ("eVitals.10", "Pulse"), ("eVitals.14", "Resp."), ("eVitals.12", "SpO2 %"),
        ("eVitals.16", "ETCO2"), ("eVitals.18", "Glucose"), ("eVitals.19", "GCS eye"),
        ("eVitals.20", "GCS verbal"), ("eVitals.21", "GCS motor"), ("eVitals.27", "Pain")]),
    "eMedications.MedicationGroup": ("Medications", [
        ("eMedications.01", "Time"), ("eMedications.03", "Medication"),
        ("eMedications.05", "Dose"), ("eMedications.06", "Units"),
        ("eMedications.04", "Route"), ("eMedications.07", "Response")]),
    "eProcedures.ProcedureGroup": ("Procedures", [
        ("eProcedures.01", "Time"), ("eProcedures.03", "Procedure"),
        ("eProcedures.05", "Attempts"), ("eProcedures.06", "Successful"),
        ("eProcedures.08", "Response")]),
}
NARRATIVE = "eNarrative.01"
SCORES = frozenset({"eVitals.19", "eVitals.20", "eVitals.21"})  # GCS: the number itself


@dataclass(frozen=True)
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Section:
    title: str
    rows: list[tuple[str, str]]


@dataclass(frozen=True)
class SignatureShown:
    id: str
    block: str
    signer: str = field(repr=False)  # "Rosa Diaz (Healthcare Provider)": PHI
    when: str
    status: str
    image: bytes | None = field(default=None, repr=False)
    earlier: str = ""  # what changed since, when the report did


@dataclass(frozen=True)
class Handoff:
    agency: str
    pcr_number: str
    patient: str = field(repr=False)
    sections: list[Section] = field(repr=False)
    tables: list[Table] = field(repr=False)
    narrative: str = field(repr=False)
    signatures: list[SignatureShown] = field(repr=False)
    addenda: list[str] = field(repr=False)
    printed: str  # "Printed 2026-12-03 10:15 by Morgan Medic"


def handoff(report: Report, form: dict[str, Any], *, agency: str, printed_by: str,
            now: datetime) -> Handoff:
    """`form`: the report's own form, or for a v1 report the current NEMSIS form (v1 is
    read in the NEMSIS shape, fieldforms.upgrade)."""
    data = upgrade.v1_to_nemsis(report.data) if report.form_version == 1 else report.data
    by_key = fields_by_key(form)
    first, last = (words(by_key.get(k, {}), data.get(k)) for k in ("ePatient.03", "ePatient.02"))
    return Handoff(
        agency=agency, pcr_number=str(data.get("eRecord.01") or ""),
        patient=" ".join(p for p in (first, last) if p) or "(no name recorded)",
        sections=_sections(form, data), tables=_tables(by_key, data),
        narrative=words(by_key.get(NARRATIVE, {}), data.get(NARRATIVE)),
        signatures=[_signature(form, s, data) for s in report.signatures],
        addenda=[f"{a.text}\n— {a.author_name}, {_local(a.written_at)}"
                 for a in report.addenda],
        printed=f"Printed {now.astimezone():%Y-%m-%d %H:%M} by {printed_by}")


def _sections(form: dict[str, Any], data: dict[str, Any]) -> list[Section]:
    found = []
    for section in form["sections"]:
        rows = []
        for item in section["fields"]:
            if item["key"] in TABLES or item["key"] == NARRATIVE or item.get("hidden"):
                continue
            rows += field_lines(item, data.get(item["key"]))
        if rows:
            found.append(Section(section["label"], rows))
    return found


def _tables(by_key: dict[str, dict[str, Any]], data: dict[str, Any]) -> list[Table]:
    tables = []
    for group, (title, columns) in TABLES.items():
        rows = [[_cell(by_key.get(key, {}), key, row.get(key)) for key, _ in columns]
                for row in data.get(group) or []]
        tables.append(Table(title, [header for _, header in columns],
                            [r for r in rows if any(r)]))
    return tables


def _cell(item: dict[str, Any], key: str, entry: Any) -> str:
    """A table cell: times as hh:mm (the date is with the report's times), GCS scores as
    their numbers."""
    if key in SCORES:
        return str(plain_value(entry) or "")
    shown = words(item, entry, not_values=False)
    return shown[-5:] if item.get("type") == "datetime" and shown else shown


def _signature(form: dict[str, Any], signature: Any, data: dict[str, Any]) -> SignatureShown:
    given = signature.given
    block = signatures.block(form, given.block) or {"label": given.block}
    signed = signatures.is_signed({"status": given.status})
    kind = signatures.codes("eOther.12").get(given.signer_type, given.signer_type)
    changes = signatures.changes(form, signature.signed_data, data)
    earlier = ("Signed an earlier version; changed since: " + "; ".join(
        f"{c.label}: {c.before or '(empty)'} → {c.after or '(empty)'}" for c in changes)
        if changes else "")
    return SignatureShown(
        id=signature.id, block=block["label"],
        signer=f"{signature.name} ({kind})" if signature.name else kind,
        when=_local(signature.signed_at),
        status="Signed" if signed else signatures.codes("eOther.15")[given.status],
        image=given.image if signed else None, earlier=earlier)


def _local(moment: str) -> str:
    return f"{datetime.fromisoformat(moment).astimezone():%Y-%m-%d %H:%M}"


def save_pdf(store: LocalStore, user_id: int, report_id: str, path: Path, pdf: bytes,
             now: datetime) -> None:
    """Write the PDF where the crew chose (whole or not at all: never a temp copy left
    behind), and put it in the audit log."""
    atomic_write(path, pdf)
    store.access.record(user_id, SAVED_PDF, report_id, now, f"{len(pdf) // 1024} KiB")


def printed(store: LocalStore, user_id: int, report_id: str, pages: int,
            now: datetime) -> None:
    store.access.record(user_id, PRINTED, report_id, now, f"{pages} pages")
