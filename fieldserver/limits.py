"""Request body limits, in our error shape: 1 MiB of JSON nested at most 32 deep, and
10 MiB for an import.

Depth is checked on the raw bytes before anything parses them: a report nested 500
deep used to reach the parser and the validator's recursion, and came back a 500.

Starlette's own limiter answers in plain text from outside the middleware stack, so
it cannot give `{"error": ...}`; this one can. A declared Content-Length over the
limit is refused before the body is read; a body that streams past it is cut off.
"""

from __future__ import annotations

import re

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fieldserver.errors import error_response

MiB = 1024 * 1024
JSON_LIMIT = 1 * MiB
UPLOAD_LIMIT = 10 * MiB
UPLOAD_PATHS = frozenset({"/api/v1/users/import", "/api/v1/nemsis/dem",
                          "/api/v1/nemsis/import", "/api/v1/handoff-links"})
JSON_DEPTH = 32
_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"')
_BRACKETS = re.compile(rb"[\[\]{}]")


def json_depth(raw: bytes) -> int:
    """How deep the arrays and objects of a JSON text nest (brackets inside strings do
    not count). Malformed text is the parser's to refuse; this only bounds the work."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRINGS.sub(b"", raw)):
        depth += 1 if bracket in (b"[", b"{") else -1
        deepest = max(deepest, depth)
    return deepest


class BodyTooLarge(HTTPException):
    """An HTTPException, so that FastAPI's body parsing re-raises it untouched."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body is larger than {limit // MiB} MiB.")


class BodySizeLimit:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = UPLOAD_LIMIT if scope["path"] in UPLOAD_PATHS else JSON_LIMIT
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > limit:
            too_large = BodyTooLarge(limit)
            response = error_response(413, "payload_too_large", str(too_large.detail))
            await response(scope, receive, send)
            return
        if limit == JSON_LIMIT and scope.get("method") in ("POST", "PUT", "PATCH"):
            raw = await _read_body(receive, limit)
            if raw is None:
                too_large = BodyTooLarge(limit)
                await error_response(413, "payload_too_large", str(too_large.detail))(
                    scope, receive, send)
                return
            if json_depth(raw) > JSON_DEPTH:
                await error_response(422, "malformed_json", f"The JSON nests deeper than "
                                     f"{JSON_DEPTH} levels.")(scope, receive, send)
                return
            await self.app(scope, _replay(raw), send)
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(limit)
            return message

        await self.app(scope, counting_receive, send)


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole body (a JSON one is at most 1 MiB), or None past the limit."""
    chunks, seen = [], 0
    while True:
        message = await receive()
        chunk = message.get("body", b"")
        seen += len(chunk)
        if seen > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(raw: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": raw, "more_body": False}

    return receive
