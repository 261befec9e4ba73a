"""fieldclient: the offline-capable desktop field client for EMS crews.

The core (this package outside ``ui/``) is pure Python and never imports Qt;
``fieldclient.ui`` is the Qt layer on top of it. See docs/architecture.md.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("fieldclient")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
