"""The official checks of NEMSIS XML: the v3.5.1 XSD (lxml) and the national Schematron
(saxonche, XSLT 2.0), for the export, the import and Complete alike.

Untrusted XML is read by `parse`, under defusedxml's rules: a byte limit, no DTD at all
(so no entity expansion and no external entity), no network. The compiled schema and
Schematron are built once per process (the Schematron's XSLT was compiled from the .sch
at build time, scripts/nemsis_build.py) and shared; Saxon runs one document at a time.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache
from importlib.resources import as_file, files
from typing import Any

from lxml import etree

NEMSIS_NS = "http://www.nemsis.org"
SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
_STEP = re.compile(r"\*:([A-Za-z][\w.]*)\[namespace-uri\(\)='[^']*'\](\[\d+\])?")
_XSD_ELEMENT = re.compile(r"Element '(?:\{[^}]*\})?([^']+)'")


class UnsafeXml(ValueError):
    """The document is refused before it is read (too large, a DTD, not XML)."""


@dataclass(frozen=True)
class Finding:
    """One problem: an XSD error, or a Schematron assertion with its role."""

    source: str                 # "xsd" or "schematron"
    severity: str               # "error" or "warning"
    message: str
    element: str | None         # the element it is about ("eSituation.10")
    path: str | None            # "EMSDataSet/Header[1]/PatientCareReport[1]/..."
    line: int | None
    rule: str | None = None     # the Schematron assertion id ("nemSch_e005")
    related: tuple[str, ...] = ()  # the other elements the Schematron names

    def __str__(self) -> str:
        where = f"line {self.line}, " if self.line else ""
        return f"[{self.severity.upper()}] {where}{self.element or '?'}: {self.message}"


def parse(document: bytes) -> etree._ElementTree:
    """A document from outside, refused unless it is plain XML within the limits."""
    if len(document) > MAX_DOCUMENT_BYTES:
        raise UnsafeXml(f"the document is larger than {MAX_DOCUMENT_BYTES} bytes")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             dtd_validation=False, huge_tree=False, remove_comments=True)
    if b"<!DOCTYPE" in document or b"<!ENTITY" in document:
        raise UnsafeXml("a document type declaration (DTD) is not allowed")
    try:
        tree = etree.ElementTree(etree.fromstring(document, parser))
    except etree.XMLSyntaxError as error:
        raise UnsafeXml(f"not well-formed XML: {error}") from None
    # (the stubs say internalDTD is never None; it is None for a document without one)
    if tree.docinfo.doctype or getattr(tree.docinfo, "internalDTD", None) is not None:
        raise UnsafeXml("a document type declaration (DTD) is not allowed")
    return tree


class Checker:
    """The XSD and the national Schematron of one dataset (EMSDataSet or DEMDataSet)."""

    def __init__(self, dataset: str) -> None:
        self.dataset = dataset
        self._schema = _schema(dataset)
        self._lock = threading.Lock()
        self._schematron: Any = None

    def check(self, tree: etree._ElementTree) -> list[Finding]:
        """XSD errors first; the Schematron's findings after (it reads valid XML only)."""
        errors = self.xsd(tree)
        return errors if errors else self.schematron(tree)

    def xsd(self, tree: etree._ElementTree) -> list[Finding]:
        if self._schema.validate(tree):
            return []
        entries: Any = self._schema.error_log  # iterable; the stubs do not say so
        return [_xsd_finding(entry, tree) for entry in entries]

    def schematron(self, tree: etree._ElementTree) -> list[Finding]:
        text = etree.tostring(tree, encoding="unicode")
        with self._lock:
            report = self._executable().transform_to_string(
                xdm_node=_saxon().parse_xml(xml_text=text))
        return _svrl_findings(report.encode("utf-8"), tree)

    def _executable(self) -> Any:
        if self._schematron is None:
            stylesheet = files("fieldforms.nemsis").joinpath("generated", f"{self.dataset}.xsl")
            with as_file(stylesheet) as path:
                self._schematron = _saxon().new_xslt30_processor().compile_stylesheet(
                    stylesheet_file=str(path))
        return self._schematron


@cache
def checker(dataset: str = "EMSDataSet") -> Checker:
    """The process's one checker of a dataset (compiling costs ~0.5 s, once)."""
    return Checker(dataset)


@cache
def _saxon() -> Any:
    from saxonche import PySaxonProcessor  # imported late: it maps ~100 MB of native code

    return PySaxonProcessor(license=False)


def _schema(dataset: str) -> etree.XMLSchema:
    folder = files("fieldforms.nemsis").joinpath("reference", "XSDs", "NEMSIS_XSDs")
    with as_file(folder) as path:
        parser = etree.XMLParser(no_network=True, resolve_entities=False)
        return etree.XMLSchema(etree.parse(str(path / f"{dataset}_v3.xsd"), parser))


def _xsd_finding(entry: Any, tree: etree._ElementTree) -> Finding:
    named = _XSD_ELEMENT.search(entry.message)
    return Finding("xsd", "error", entry.message, named.group(1) if named else None,
                   _named_path(tree, entry.path), entry.line)


def _named_path(tree: etree._ElementTree, location: str | None) -> str | None:
    """lxml's positional path (`/*/*/*[3]`) as names: `EMSDataSet/Header/PatientCareReport[3]`."""
    if not location:
        return None
    try:
        hits = tree.xpath(location)
    except etree.XPathError:
        return _plain_path(location)
    node = hits[0] if isinstance(hits, list) and hits else None
    if not isinstance(node, etree._Element):
        return _plain_path(location)
    steps = re.sub(r"\{[^}]*\}", "", tree.getelementpath(node)) if node is not tree.getroot() \
        else ""
    root = str(tree.getroot().tag).rsplit("}", 1)[-1]
    return f"{root}/{steps}" if steps and steps != "." else root


def _plain_path(location: str | None) -> str | None:
    """`/*:A[namespace-uri()='…'][1]/*:B[…][2]` (SVRL), `/nem:A/nem:B[2]` or
    `/*[local-name()…]` (lxml) → `A[1]/B[2]`."""
    if not location:
        return None
    steps = _STEP.findall(location)
    if steps:
        return "/".join(name + index for name, index in steps)
    return "/".join(step.split(":")[-1] for step in location.strip("/").split("/"))


def _svrl_findings(report: bytes, tree: etree._ElementTree) -> list[Finding]:
    svrl = etree.fromstring(report)
    found = []
    for node in svrl.iter(f"{{{SVRL_NS}}}failed-assert", f"{{{SVRL_NS}}}successful-report"):
        location = node.get("location")
        path = _plain_path(location)
        element = path.rsplit("/", 1)[-1].split("[")[0] if path else None
        role = (node.get("role") or "[ERROR]").strip("[]").lower()
        message = " ".join("".join(node.findtext(f"{{{SVRL_NS}}}text") or "").split())
        related = tuple(
            str(_plain_path(e.get("location"))).rsplit("/", 1)[-1].split("[")[0]
            for e in node.iter(f"{{{NEMSIS_NS}}}element") if e.get("location"))
        found.append(Finding("schematron", role, message, element, path,
                             _line(tree, location), node.get("id"), related))
    return found


def _line(tree: etree._ElementTree, location: str | None) -> int | None:
    if not location or not _STEP.search(location):
        return None
    xpath = "".join(f"/n:{name}{index}" for name, index in _STEP.findall(location))
    hits = tree.xpath(xpath, namespaces={"n": NEMSIS_NS})
    first = hits[0] if isinstance(hits, list) and hits else None
    return first.sourceline if isinstance(first, etree._Element) else None
