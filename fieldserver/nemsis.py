"""NEMSIS for an agency: its DEMDataSet (imported, basics edited, exported) and its
reports exported as EMSDataSet documents. Every document going out or coming in is held
to the XSD and the national Schematron (fieldforms.nemsis.checks)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from lxml import etree
from sqlalchemy.orm import Session

from fieldforms import epcr_v2
from fieldforms.nemsis import document, export
from fieldforms.nemsis.checks import Finding, UnsafeXml, checker, parse
from fieldforms.nemsis.elements import table
from fieldforms.nemsis.shape import plain_value
from fieldforms.validation_nemsis import facet_problem
from fieldserver import feed, reports
from fieldserver.errors import ApiError
from fieldserver.feed import Position
from fieldserver.models import AgencyDemographics, Report

BASICS = {"state_id": "dAgency.01", "number": "dAgency.02", "name": "dAgency.03",
          "state": "dAgency.04"}


class Refused(ApiError):
    """A document that cannot go out or come in, and why: the API's error, with the
    checks' findings (and the form's own problems, for an import) beside it."""

    def __init__(self, status: int, code: str, message: str,
                 findings: list[Finding] | None = None,
                 errors: list[dict[str, str]] | None = None) -> None:
        extra: dict[str, Any] = {}
        if findings:
            extra["findings"] = [finding_json(f) for f in findings]
        if errors:
            extra["errors"] = errors
        super().__init__(status, code, message, **extra)


def finding_json(found: Finding) -> dict[str, Any]:
    return {"severity": found.severity, "source": found.source, "element": found.element,
            "line": found.line, "path": found.path, "rule": found.rule,
            "message": found.message}


# --- the DEMDataSet ---------------------------------------------------------------------
def demographics(db: Session, agency_id: int) -> dict[str, Any] | None:
    row = db.get(AgencyDemographics, agency_id)
    return None if row is None else dict(json.loads(row.data))


def import_dem(db: Session, agency_id: int, user_id: int, body: bytes, now: datetime) -> None:
    """Replace the agency's DEMDataSet with a document that passes every check."""
    tree = _checked(body, "DEMDataSet")
    data = document.read(table("DEMDataSet"), tree.getroot())  # custom configuration too
    if len(data.get("DemographicReport", [])) != 1:
        raise Refused(422, "one_agency_per_document",
                      "A DEMDataSet to import must hold exactly one DemographicReport.")
    _store(db, agency_id, user_id, data, now)


def agency_basics(db: Session, agency_id: int) -> dict[str, Any]:
    report = _dem_report(demographics(db, agency_id))
    return {ours: report.get(element) for ours, element in BASICS.items()}


def set_basics(db: Session, agency_id: int, user_id: int, basics: dict[str, str],
               now: datetime) -> dict[str, Any]:
    """dAgency.01-.04, checked against the XSD's facets; the rest is kept."""
    dem = table("DEMDataSet")
    problems = [{"field": ours, "message": f"{dem[BASICS[ours]].label} {why}."}
                for ours, value in basics.items()
                if (why := _basic_problem(dem[BASICS[ours]], value))]
    if problems:
        raise Refused(422, "invalid_agency", "; ".join(p["message"] for p in problems))
    data = demographics(db, agency_id) or {
        "DemographicReport": [{document.ROW_ATTRIBUTES: {"timeStamp": _stamp(now)}}]}
    report = data["DemographicReport"][0]
    report.update({BASICS[ours]: value for ours, value in basics.items()})
    report.setdefault(document.ROW_ATTRIBUTES, {})["timeStamp"] = _stamp(now)
    _store(db, agency_id, user_id, data, now)
    return agency_basics(db, agency_id)


def dem_document(db: Session, agency_id: int) -> bytes:
    data = demographics(db, agency_id)
    if data is None:
        raise Refused(409, "agency_not_set_up", "This agency has no NEMSIS demographic "
                      "data yet: import its DEMDataSet, or enter the agency's basics.")
    text = document.serialize(document.write(table("DEMDataSet"), data))
    errors = _errors(checker("DEMDataSet").check(parse(text)))
    if errors:
        raise Refused(409, "dem_incomplete", "The agency's DEMDataSet does not pass the "
                      "NEMSIS checks yet; import a complete one.", errors)
    return text


# --- reports ----------------------------------------------------------------------------
def import_ems(db: Session, writer: reports.Writer, body: bytes,
               now: datetime) -> list[dict[str, str]]:
    """One report on form v2 per PatientCareReport of an EMSDataSet that passes every
    check; all or nothing (the caller commits). Each is completed, authored by the
    importer, and keeps the document's own values."""
    tree = _checked(body, "EMSDataSet")
    data = document.read(table("EMSDataSet"), tree.getroot())
    created: list[dict[str, str]] = []
    for header in data.get("Header", []):
        for row in header.get("PatientCareReport", []):
            pcr = {k: v for k, v in row.items() if k != document.ROW_ATTRIBUTES}
            report_id = str(uuid.uuid4())
            upload = reports.Upload(report_id, f"{report_id}:nemsis-import", None, {
                "form_id": "epcr", "form_version": epcr_v2.VERSION, "incident_id": None,
                "status": "completed", "data": pcr, "author_id": writer.user_id})
            outcome = reports.apply(db, writer, upload, now)
            if outcome.status >= 300:
                error = outcome.body["error"]
                raise Refused(422, error["code"], f"PatientCareReport {len(created) + 1}: "
                              f"{error['message']}", [], error.get("errors", []))
            created.append({"id": report_id,
                            "pcr_number": str(plain_value(pcr.get("eRecord.01")))})
    if not created:
        raise Refused(422, "no_reports", "The document holds no PatientCareReport.")
    return created



def facilities(db: Session, agency_id: int) -> tuple[dict[str, Any], ...]:
    """The agency's facilities (its DEMDataSet's dFacility rows) as destinations."""
    return export.facilities(_dem_report(demographics(db, agency_id)))


def set_up(db: Session, agency_id: int) -> export.SetUp:
    report = _dem_report(demographics(db, agency_id))
    missing = [e for e in ("dAgency.01", "dAgency.02", "dAgency.04") if not report.get(e)]
    if missing:
        raise Refused(409, "agency_not_set_up", "NEMSIS exports need the agency's "
                      f"{', '.join(missing)}: import its DEMDataSet, or enter the basics.")
    return export.SetUp(report["dAgency.01"], report["dAgency.02"], report["dAgency.04"],
                        report.get("dAgency.03"), software_version(),
                        destinations=export.facilities(report))


def report_document(db: Session, agency_id: int, report: Report, *,
                    national: bool = False) -> bytes:
    """The report as an EMSDataSet; `national`: only its National elements (what a
    state passes on to the national database)."""
    text = _document(set_up(db, agency_id), [report], national=national)
    errors = _errors(checker().check(parse(text)))
    if errors:
        raise Refused(422, "nemsis_invalid", "This report does not pass the NEMSIS checks.",
                      errors)
    return text


@dataclass(frozen=True)
class Batch:
    document: bytes | None
    count: int
    next_cursor: Position
    blocked_by: str | None   # the first report that fails the checks: the batch ends there


def export_batch(db: Session, agency_id: int, since: Position, limit: int) -> Batch:
    """Completed reports changed after `since`, in change order, checked as one document.
    The batch ends before the first report that fails, so none is ever skipped."""
    reports = feed.after(db, Report, agency_id, since, limit, Report.status == "completed")[0]
    if not reports:
        return Batch(None, 0, since, None)
    setup = set_up(db, agency_id)
    blocked: Report | None = None
    while reports:
        text = _document(setup, reports)
        failing = _first_failing(_errors(checker().check(parse(text))))
        if failing is None:
            return Batch(text, len(reports), Position(reports[-1].txid, reports[-1].seq),
                         blocked.id if blocked else None)
        blocked = reports[failing]
        reports = reports[:failing]
    return Batch(None, 0, since, blocked.id if blocked else None)


def _first_failing(errors: list[Finding]) -> int | None:
    """The index of the first PatientCareReport an error names (0 if none is named)."""
    if not errors:
        return None
    return min(_report_index(found.path) for found in errors)


def _report_index(path: str | None) -> int:
    for step in (path or "").split("/"):
        if step.split("[")[0] == "PatientCareReport":
            return int(step.split("[")[1].rstrip("]")) - 1 if "[" in step else 0
    return 0


def _document(setup: export.SetUp, held: list[Report], national: bool = False) -> bytes:
    exported = [export.Exported(r.id, r.form_version, json.loads(r.data),
                                tuple(reports.signature_json(s) for s in r.signatures))
                for r in held]
    try:
        return document.serialize(export.ems_dataset(exported, setup, national=national))
    except document.NotExportable as problem:
        raise Refused(422, "nemsis_invalid", str(problem)) from None


def software_version() -> str:
    try:
        return version("fieldclient")
    except PackageNotFoundError:
        return "development"


# --- helpers ----------------------------------------------------------------------------
def _checked(body: bytes, dataset: str) -> etree._ElementTree:
    try:
        tree = parse(body)
    except UnsafeXml as refused:
        raise Refused(400, "unsafe_xml", str(refused)) from None
    root = tree.getroot()
    if root.tag != f"{{{document.NS}}}{dataset}":
        raise Refused(422, "wrong_document", f"Expected a NEMSIS {dataset} document.")
    errors = _errors(checker(dataset).check(tree))
    if errors:
        source = errors[0].source
        raise Refused(422, f"{source}_invalid", f"The document fails the NEMSIS "
                      f"{'XSD' if source == 'xsd' else 'Schematron'}; nothing was written.",
                      errors)
    return tree


def _errors(found: list[Finding]) -> list[Finding]:
    return [f for f in found if f.severity == "error"]


def _dem_report(data: dict[str, Any] | None) -> dict[str, Any]:
    reports = (data or {}).get("DemographicReport") or [{}]
    report: dict[str, Any] = reports[0]
    return report


def _store(db: Session, agency_id: int, user_id: int, data: dict[str, Any],
           now: datetime) -> None:
    row = db.get(AgencyDemographics, agency_id)
    if row is None:
        row = AgencyDemographics(agency_id=agency_id)
        db.add(row)
    row.data, row.updated_by, row.updated_at = json.dumps(data), user_id, now


def _stamp(now: datetime) -> str:
    return now.replace(microsecond=0).isoformat()


def _basic_problem(element: Any, value: str) -> str | None:
    return "is required" if not value.strip() else facet_problem(element, value)
