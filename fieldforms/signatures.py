"""Signatures: the agency's signature blocks, what a signature must hold, and what changed
since one was given. Pure Python, shared by the editor and the server (docs/forms.md,
"Signatures"), so the two never disagree about a signature.

- A **block** is the agency's, in the form definition (`signatures`, form v3 on): who may
  sign (NEMSIS eOther.12 types), why (eOther.13 reasons), the words shown above the pad,
  and when it is required (`required_when`: any of `{field, in}` holding).
- A **signature** is immutable once given: its id is made on the device, so a repeated
  upload is one signature. It keeps the report as it was signed (`signed_data`) and the
  device's revision number then (`signed_revision`); when a signed field changes
  afterwards, `changes` names each difference and the signature is shown as "signed an
  earlier version".
- The image is a PNG, checked here by its header only (never decoded on the server), and
  bounded so that no device is made to decode a bomb.
"""

from __future__ import annotations

import base64
import binascii
import struct
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from fieldforms.display import words
from fieldforms.nemsis.elements import table
from fieldforms.nemsis.shape import cells, plain_value

SIGNED = "4515031"             # eOther.15 "Signed"
SIGNED_NOT_PATIENT = "4515033"  # eOther.15 "Signed-Not Patient"
HAS_IMAGE = frozenset({SIGNED, SIGNED_NOT_PATIENT})
PATIENT_REPRESENTATIVE = "4512017"
ADDENDUM_BLOCK = "addendum"  # an addendum's author signs it: not one of the form's blocks
ADDENDUM_SIGNER = "4512001"  # EMS Crew Member (Other)
ADDENDUM_REASON = "4513023"  # Other
MAX_IMAGE_BYTES = 256 * 1024
MAX_WIDTH, MAX_HEIGHT = 2000, 1000
MAX_FIRST_NAME, MAX_LAST_NAME = 50, 60  # eOther.21, eOther.20
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@cache
def codes(element: str) -> dict[str, str]:
    """The XSD's codes and labels for eOther.12 (signer), .13 (reason), .14 (relationship)
    and .15 (status)."""
    return table("EMSDataSet")[element].codes


def not_signed_statuses() -> dict[str, str]:
    """eOther.15's "Not Signed - ..." codes: why a required signature could not be had."""
    return {code: label for code, label in codes("eOther.15").items()
            if label.casefold().startswith("not signed")}


# --- blocks -------------------------------------------------------------------------------
def blocks(form: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = form.get("signatures", [])
    return found


def block(form: dict[str, Any], key: str) -> dict[str, Any] | None:
    if key == ADDENDUM_BLOCK:
        return {"key": ADDENDUM_BLOCK, "label": "Addendum", "signers": [ADDENDUM_SIGNER],
                "reasons": [ADDENDUM_REASON],
                "language": "I wrote this addendum to the report; it changes none of its "
                            "fields."}
    return next((b for b in blocks(form) if b["key"] == key), None)


def is_required(block: dict[str, Any], data: dict[str, Any]) -> bool:
    """Any of the block's `required_when` conditions holds for the report's answers."""
    return any(str(plain_value(cell)) in condition["in"]
               for condition in block.get("required_when", [])
               for cell in cells(data.get(condition["field"])))


def missing(form: dict[str, Any], data: dict[str, Any], given: set[str]) -> list[dict[str, Any]]:
    """The blocks required by these answers that have no signature (`given`: the keys of
    the blocks signed, or marked not signed with a reason)."""
    return [b for b in blocks(form) if is_required(b, data) and b["key"] not in given]


def definition_problems(form: dict[str, Any]) -> list[str]:
    """What is wrong with a form's blocks: unknown codes or fields, repeated keys."""
    found, keys = [], set()
    fields = {f["key"] for s in form["sections"] for f in s["fields"]}
    for b in blocks(form):
        where = f"signature block {b.get('key')!r}"
        if b["key"] in keys or b["key"] == ADDENDUM_BLOCK:
            found.append(f"{where}: the key is taken")
        keys.add(b["key"])
        found += [f"{where}: no signer type {c}" for c in b["signers"]
                  if c not in codes("eOther.12")]
        found += [f"{where}: no reason {c}" for c in b["reasons"] if c not in codes("eOther.13")]
        found += [f"{where}: the form has no field {w['field']}"
                  for w in b.get("required_when", []) if w["field"] not in fields]
        if not b.get("label") or not b["signers"] or not b["reasons"]:
            found.append(f"{where}: it needs a label, signer types and reasons")
    return found


# --- a signature --------------------------------------------------------------------------
def problems(form: dict[str, Any], signature: dict[str, Any]) -> list[str]:
    """Why a signature (protocol shape, docs/protocol.md) cannot be kept, or []."""
    b = block(form, str(signature.get("block")))
    if b is None:
        return ["This form has no such signature block."]
    found = []
    if signature.get("signer_type") not in b["signers"]:
        found.append("This block is not signed by that type of person.")
    reasons = signature.get("reasons") or []
    if not reasons or any(r not in codes("eOther.13") for r in reasons):
        found.append("The signature's reasons are not NEMSIS signature reasons.")
    relationship = signature.get("relationship")
    if relationship is not None and relationship not in codes("eOther.14"):
        found.append("That is not a NEMSIS patient representative type.")
    found += _name_problems(signature)
    found += _status_problems(signature)
    if not _aware(signature.get("signed_at")):
        found.append("The signing time needs a date, a time and a timezone offset.")
    return found


def _name_problems(signature: dict[str, Any]) -> list[str]:
    first, last = signature.get("first_name") or "", signature.get("last_name") or ""
    found = []
    if signature.get("status") in HAS_IMAGE and not last.strip():
        found.append("Write the signer's last name.")
    if len(first) > MAX_FIRST_NAME or len(last) > MAX_LAST_NAME:
        found.append(f"A first name holds at most {MAX_FIRST_NAME} characters and a last "
                     f"name {MAX_LAST_NAME}.")
    return found


def _status_problems(signature: dict[str, Any]) -> list[str]:
    status, image = signature.get("status"), signature.get("image")
    if status not in codes("eOther.15"):
        return ["That is not a NEMSIS signature status."]
    if status not in HAS_IMAGE:
        return [] if image is None else ["A signature marked not signed has no image."]
    if not isinstance(image, str):
        return ["A signature needs its image."]
    return image_problems(image)


def image_problems(encoded: str) -> list[str]:
    """A base64 PNG within the bounds, judged by its header (it is not decoded here)."""
    if len(encoded) > (MAX_IMAGE_BYTES * 4) // 3 + 4:
        return [f"A signature image holds at most {MAX_IMAGE_BYTES // 1024} KiB."]
    try:
        image = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return ["The signature image is not base64."]
    size = png_size(image)
    if size is None:
        return ["The signature image is not a PNG."]
    if size[0] > MAX_WIDTH or size[1] > MAX_HEIGHT or 0 in size:
        return [f"A signature image is at most {MAX_WIDTH} by {MAX_HEIGHT} pixels."]
    return []


def png_size(image: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG's IHDR chunk, or None if it is not a PNG."""
    if len(image) < 24 or not image.startswith(_PNG_MAGIC) or image[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", image[16:24])
    return int(width), int(height)


def _aware(moment: object) -> bool:
    try:
        return isinstance(moment, str) and datetime.fromisoformat(moment).utcoffset() is not None
    except ValueError:
        return False


def is_signed(signature: dict[str, Any]) -> bool:
    return signature.get("status") in HAS_IMAGE


def nemsis_row(signature: dict[str, Any]) -> dict[str, Any]:
    """One eOther.SignatureGroup row (eOther.12-.21) in the data shape, for the export."""
    row: dict[str, Any] = {
        "eOther.12": signature["signer_type"], "eOther.13": list(signature["reasons"]),
        "eOther.14": signature.get("relationship"), "eOther.15": signature["status"],
        "eOther.19": signature["signed_at"], "eOther.20": signature.get("last_name"),
        "eOther.21": signature.get("first_name"),
        "@attrs": {"CorrelationID": f"signature-{signature['id']}"}}
    if signature.get("image"):
        row |= {"eOther.16": f"signature-{signature['id']}.png", "eOther.17": "png",
                "eOther.18": signature["image"]}
    return {key: value for key, value in row.items() if value not in (None, "")}


# --- what changed since --------------------------------------------------------------------
@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def changes(form: dict[str, Any], before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """Each field the form shows whose answer differs, as the crew reads it."""
    found: list[Change] = []
    for section in form["sections"]:
        for field in section["fields"]:
            if field.get("hidden") or field.get("auto") == "set_up":
                continue
            was, now = before.get(field["key"]), after.get(field["key"])
            if field["type"] != "group":
                if words(field, was) != words(field, now):
                    found.append(Change(field["label"], words(field, was), words(field, now)))
                continue
            found += _row_changes(field, was or [], now or [])
    return found


def _row_changes(group: dict[str, Any], was: list[Any], now: list[Any]) -> list[Change]:
    found = []
    for number in range(max(len(was), len(now))):
        old = was[number] if number < len(was) else None
        new = now[number] if number < len(now) else None
        where = f"{group['label']}, row {number + 1}"
        if old is None or new is None:
            found.append(Change(where, "" if old is None else "a row", "" if new is None
                                else "a row"))
            continue
        found += [Change(f"{where}: {f['label']}", words(f, old.get(f["key"])),
                         words(f, new.get(f["key"])))
                  for f in group["fields"]
                  if words(f, old.get(f["key"])) != words(f, new.get(f["key"]))]
    return found
