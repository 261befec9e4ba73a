"""Request body size limits (1 MiB of JSON, 10 MiB for an import), in our error shape.

Starlette's own limiter answers in plain text from outside the middleware stack, so
it cannot give `{"error": ...}`; this one can. A declared Content-Length over the
limit is refused before the body is read; a body that streams past it is cut off.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fieldserver.errors import error_response

MiB = 1024 * 1024
JSON_LIMIT = 1 * MiB
UPLOAD_LIMIT = 10 * MiB
UPLOAD_PATHS = frozenset({"/api/v1/users/import"})


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
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(limit)
            return message

        await self.app(scope, counting_receive, send)
