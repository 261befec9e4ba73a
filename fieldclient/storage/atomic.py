"""Atomic, owner-only file writes: temp file, fsync, os.replace, fsync the folder."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from fieldclient.plumbing.errors import DiskFull, StorageError

OWNER_ONLY_FILE = 0o600
OWNER_ONLY_DIR = 0o700


def ensure_private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=OWNER_ONLY_DIR)
    if os.name == "posix":
        os.chmod(path, OWNER_ONLY_DIR)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data`; after a crash the old or the new file is there, whole."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, OWNER_ONLY_FILE)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DiskFull("The disk is full, so nothing was saved. Free some space "
                           "and try again.") from exc
        raise StorageError(f"Could not write {path.name}: {exc.strerror}.") from exc


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a directory; NTFS journals the rename
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
