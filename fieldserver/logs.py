"""Logging set-up. Query strings can carry set-password tokens, so access logs drop them."""

from __future__ import annotations

import logging


class DropQueryStrings(logging.Filter):
    """Rewrites uvicorn access records so that `/path?token=...` is logged as `/path?…`."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            path, sep, _query = args[2].partition("?")
            record.args = (*args[:2], path + ("?…" if sep else ""), *args[3:])
        return True


def protect_access_log() -> None:
    """Install the filter once, whoever runs the server (CLI, tests, an embedding app)."""
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, DropQueryStrings) for f in access.filters):
        access.addFilter(DropQueryStrings())


def configure(level: str = "INFO") -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
