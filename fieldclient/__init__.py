"""fieldclient: the offline-capable desktop field client for EMS crews.

The core (this package outside ``ui/``) is pure Python and never imports Qt;
``fieldclient.ui`` is the Qt layer on top of it. See docs/architecture.md.
"""

from __future__ import annotations

from functools import cache


@cache
def version() -> str:
    """The installed package's version (importlib.metadata costs ~50 ms: asked for lazily)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("fieldclient")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0+unknown"
