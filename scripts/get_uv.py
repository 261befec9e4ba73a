"""Fetch a pinned uv from PyPI using only the standard library.

A fresh Debian or Ubuntu python3 often has neither pip nor venv, so we cannot
`pip install uv`. uv ships as a wheel holding a static binary; we download the
wheel for this platform, check its sha256 against the digest PyPI publishes over
TLS, and unpack just the binary.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import platform
import stat
import sys
import urllib.request
import zipfile

UV_VERSION = "0.13.9"
PYPI = os.environ.get("FIELDCLIENT_PYPI", "https://pypi.org")


def wheel_tag() -> str:
    machine = platform.machine().lower()
    arch = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "aarch64", "arm64": "aarch64"}
    if sys.platform != "linux" or machine not in arch:
        sys.exit(f"get_uv: no bundled rule for {sys.platform}/{machine}; install uv yourself")
    return f"manylinux_2_17_{arch[machine]}"


def main(dest_dir: str) -> None:
    # The PEP 691 JSON form of the simple index: the same API pip and uv use.
    request = urllib.request.Request(  # noqa: S310  (https PyPI, or an override)
        f"{PYPI}/simple/uv/", headers={"Accept": "application/vnd.pypi.simple.v1+json"}
    )
    with urllib.request.urlopen(request, timeout=60) as resp:  # noqa: S310
        index = json.load(resp)
    prefix, tag = f"uv-{UV_VERSION}-", wheel_tag()
    files = [
        f for f in index["files"]
        if f["filename"].startswith(prefix) and f["filename"].endswith(".whl")
        and tag in f["filename"]
    ]
    if not files:
        sys.exit(f"get_uv: PyPI has no uv {UV_VERSION} wheel for {tag}")
    wheel = files[0]
    with urllib.request.urlopen(wheel["url"], timeout=300) as resp:  # noqa: S310
        data = resp.read()
    if hashlib.sha256(data).hexdigest() != wheel["hashes"]["sha256"]:
        sys.exit("get_uv: checksum mismatch for the uv wheel; refusing to use it")
    os.makedirs(dest_dir, exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        member = next(n for n in zf.namelist() if n.endswith("/scripts/uv"))
        target = os.path.join(dest_dir, "uv")
        with open(target + ".tmp", "wb") as out:
            out.write(zf.read(member))
        os.chmod(target + ".tmp", stat.S_IRWXU)
        os.replace(target + ".tmp", target)
    print(f"get_uv: installed uv {UV_VERSION} to {target}")


if __name__ == "__main__":
    main(sys.argv[1])
