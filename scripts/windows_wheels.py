"""The client's locked requirements as Windows installs them: `name==version` lines.

Reads `uv export` output (requirements format, with markers) on stdin and keeps each
line whose marker holds on 64-bit Windows CPython 3.11, so the Windows lane installs
exactly what uv.lock pins (pip on Linux would judge the markers for Linux: it drops
pywin32-ctypes, which keyring needs on Windows, and adds jeepney and SecretStorage).
"""

from __future__ import annotations

import sys

from packaging.markers import Marker

WINDOWS = {
    "os_name": "nt", "sys_platform": "win32", "platform_system": "Windows",
    "platform_machine": "AMD64", "implementation_name": "cpython",
    "platform_python_implementation": "CPython", "python_version": "3.11",
    "python_full_version": "3.11.9", "implementation_version": "3.11.9",
}


def windows_requirements(lines: list[str]) -> list[str]:
    kept = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith(("#", "-")):
            continue
        requirement, _, marker = line.partition(";")
        if marker.strip() and not Marker(marker.strip()).evaluate(WINDOWS):
            continue
        kept.append(requirement.strip())
    return kept


if __name__ == "__main__":
    print("\n".join(windows_requirements(sys.stdin.read().splitlines())))
