"""Builds fieldforms/nemsis/generated/ from the vendored official NEMSIS v3.5.1 files.

    python scripts/nemsis_build.py           # write the files
    python scripts/nemsis_build.py --check   # exit 1, naming them, if any is stale

Two kinds of output, both committed (tests/test_nemsis_tables.py runs --check):
- `EMSDataSet.json`, `DEMDataSet.json`: the element tables, read from the XSDs by
  xmlschema (which resolves includes, types, derivations and unions). One entry per XML
  element in document order: nesting, occurrences, usage, nillable, NOT values and
  pertinent negatives allowed, the type's facets with each enumeration code's own XSD
  label, and the attributes (CodeType, ETCO2Type, CorrelationID, ...). The form, the
  editor, the export and the import all read these; none re-reads the XSDs.
- `EMSDataSet.xsl`, `DEMDataSet.xsl`: the national Schematron compiled to XSLT 2.0 by the
  ISO pipeline (scripts/nemsis_kit/, as the NEMSIS kit's CompileSchematron.bat runs it),
  through saxonche. Compiling takes about 0.4 s; doing it here means no process ever does.

Build-time only: xmlschema is a development dependency; saxonche is also a run-time one.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import xmlschema
from saxonche import PySaxonProcessor
from xmlschema.names import XSD_ENUMERATION, XSD_PATTERN

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "fieldforms" / "nemsis" / "reference"
GENERATED = ROOT / "fieldforms" / "nemsis" / "generated"
KIT = ROOT / "scripts" / "nemsis_kit"
NEMSIS = "{http://www.nemsis.org}"
XS = "{http://www.w3.org/2001/XMLSchema}"
DATASETS = ("EMSDataSet", "DEMDataSet")
NEMSIS_VERSION = "3.5.1.250403CP1"  # the reference's release (its README; schemaVersion)
# Facets copied as they are (the enumeration and patterns are handled apart).
PLAIN_FACETS = ("length", "minLength", "maxLength", "minInclusive", "maxInclusive",
                "minExclusive", "maxExclusive", "totalDigits", "fractionDigits")


def local(name: str | None) -> str | None:
    return None if name is None else name.rsplit("}", 1)[-1]


def tac_doc(component: Any) -> dict[str, Any]:
    """The NEMSIS TAC's annotation on an element: number, name, usage, flags."""
    annotation = component.annotation
    if annotation is None:
        return {}
    for documentation in annotation.documentation:
        tac = documentation.find(f"{NEMSIS}nemsisTacDoc")
        if tac is not None:
            def text(tag: str, tac: Any = tac) -> str | None:
                found = tac.find(f"{NEMSIS}{tag}")
                return None if found is None or found.text is None else " ".join(found.text.split())
            doc: dict[str, Any] = {"number": text("number"), "label": text("name"),
                                   "national": text("national") == "Yes",
                                   "state": text("state") == "Yes",
                                   "usage": text("usage"), "definition": text("definition")}
            if text("PNNil") == "Yes":
                doc["pn_nil"] = True  # a pertinent negative may stand with xsi:nil
            if text("deprecated") == "Yes":
                doc["deprecated"] = True
            return doc
        label = " ".join("".join(documentation.itertext()).split())
        if label:
            return {"label": label}
    return {}


def builtin(simple: Any) -> str:
    """The nearest XSD built-in type a simple type derives from (integer, not decimal)."""
    while not simple.name or not simple.name.startswith(XS):
        simple = simple.base_type
    return str(local(simple.name))


def lexical(value: Any) -> Any:
    """A facet value as JSON holds it: numbers stay numbers, dates become their text."""
    if isinstance(value, bool | int | float | str):
        return value
    text = str(value)
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() and "." not in text else text


def enumeration(simple: Any) -> list[list[str]]:
    facet = simple.get_facet(XSD_ENUMERATION)
    if facet is None:
        return []
    labels = []
    for index, value in enumerate(facet.enumeration):
        annotation = facet.get_annotation(index)
        label = "" if annotation is None else " ".join(annotation.documentation[0].text.split())
        labels.append([str(value), label])
    return labels


def simple_type(simple: Any) -> dict[str, Any]:
    """Name, built-in base and the facets in force, gathered along the derivation chain."""
    described: dict[str, Any] = {"name": local(simple.name), "base": builtin(simple)}
    if simple.is_union():
        members = [simple_type(member) for member in simple.member_types]
        described["union"] = members
        return described
    facets: dict[str, Any] = {}
    patterns: list[str] = []
    level = simple
    while level is not None and not (level.name or "").startswith(XS):
        values = enumeration(level) if "enumeration" not in facets else []
        if values:
            facets["enumeration"] = values
        pattern = level.facets.get(XSD_PATTERN) if hasattr(level, "facets") else None
        if pattern is not None:
            patterns.append("|".join(f"({regexp})" for regexp in pattern.regexps)
                            if len(pattern.regexps) > 1 else pattern.regexps[0])
        for name in PLAIN_FACETS:
            facet = level.facets.get(f"{XS}{name}") if hasattr(level, "facets") else None
            if facet is not None and name not in facets:
                facets[name] = lexical(facet.value)
        level = getattr(level, "base_type", None)
    if patterns:
        facets["patterns"] = patterns  # every one must match (one per derivation step)
    described.update(facets)
    return described


def coded_values(simple: Any) -> list[list[str]]:
    """An attribute's allowed codes and labels, through its union of one-code types."""
    if simple.is_union():
        return [pair for member in simple.member_types for pair in coded_values(member)]
    return enumeration(simple)


def attributes(complex_type: Any) -> dict[str, Any]:
    described: dict[str, Any] = {}
    for name, attribute in complex_type.attributes.items():
        name = local(name)
        if name is None or name.startswith("xsi"):
            continue
        entry: dict[str, Any] = {"use": attribute.use}
        codes = coded_values(attribute.type)
        if codes:
            entry["values"] = codes
        else:
            entry["type"] = simple_type(attribute.type)
        described[name] = entry
    return described


def element_entry(element: Any, parent: str | None, order: int) -> dict[str, Any]:
    complex_type = element.type if element.type.is_complex() else None
    grouping = complex_type is not None and not complex_type.has_simple_content()
    entry: dict[str, Any] = {"name": local(element.name), "parent": parent, "order": order,
                             "kind": "group" if grouping else "value",
                             "min": element.min_occurs, "max": element.max_occurs,
                             "nillable": bool(element.nillable), **tac_doc(element)}
    if not grouping:
        simple = complex_type.content if complex_type is not None else element.type
        entry["type"] = simple_type(simple)
    attrs = attributes(complex_type) if complex_type is not None else {}
    for special in ("NV", "PN"):
        if special in attrs:
            entry[special.lower()] = attrs.pop(special)["values"]
    if attrs:
        entry["attributes"] = attrs
    return entry


def element_table(dataset: str) -> dict[str, Any]:
    schema = xmlschema.XMLSchema(REFERENCE / "XSDs" / "NEMSIS_XSDs" / f"{dataset}_v3.xsd")
    entries: list[dict[str, Any]] = []

    def walk(element: Any, parent: str | None) -> None:
        entry = element_entry(element, parent, len(entries))
        entries.append(entry)
        if entry["kind"] == "group":
            for child in element.type.content.iter_elements():
                walk(child, entry["name"])

    walk(schema.elements[dataset], None)
    return {"generated_by": "scripts/nemsis_build.py", "dataset": dataset,
            "nemsis_version": NEMSIS_VERSION, "elements": entries}


def compiled_schematron(dataset: str) -> str:
    """The ISO Schematron pipeline: include → abstract expand → SVRL for XSLT 2."""
    with PySaxonProcessor(license=False) as processor:
        xslt = processor.new_xslt30_processor()

        def step(stylesheet: str, source: Any, **params: str) -> str:
            executable = xslt.compile_stylesheet(stylesheet_file=str(KIT / stylesheet))
            for key, value in params.items():
                executable.set_parameter(key, processor.make_string_value(value))
            if isinstance(source, Path):
                return str(executable.transform_to_string(source_file=str(source)))
            node = processor.parse_xml(xml_text=source)
            return str(executable.transform_to_string(xdm_node=node))

        included = step("iso_dsdl_include.xsl",
                        REFERENCE / "Schematron" / "rules" / f"{dataset}.sch")
        expanded = step("iso_abstract_expand.xsl", included)
        return step("iso_svrl_for_xslt2.xsl", expanded, **{"allow-foreign": "true"})


def outputs() -> dict[Path, str]:
    files: dict[Path, str] = {}
    for dataset in DATASETS:
        table = json.dumps(element_table(dataset), indent=1, ensure_ascii=False)
        files[GENERATED / f"{dataset}.json"] = table + "\n"
        files[GENERATED / f"{dataset}.xsl"] = compiled_schematron(dataset)
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="only report stale files")
    check = parser.parse_args().check
    stale = []
    for path, text in outputs().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path.relative_to(ROOT))
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{'stale' if check else 'wrote'}: {path}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
