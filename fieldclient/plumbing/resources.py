"""Where the shared assets (resources/: fonts, icons) are, from source or frozen."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_dir() -> Path:
    """resources/ beside the package in a source tree; inside the bundle when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)  # set by PyInstaller's bootloader
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"  # fieldclient/plumbing/ → root


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def under_wine() -> bool:
    """Running as a Windows program under Wine (the Windows test lane), not on Windows."""
    if sys.platform == "win32":
        import ctypes

        try:
            return hasattr(ctypes.WinDLL("ntdll"), "wine_get_version")
        except OSError:
            return False
    return False
