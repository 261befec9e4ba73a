"""Opening the SQLCipher database with the raw data key, and migrating it."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlcipher3

from fieldclient.plumbing.errors import DatabaseUnreadable, DiskFull, StorageError, StoreClosed
from fieldclient.storage.atomic import OWNER_ONLY_FILE
from fieldclient.storage.migrations import LATEST, MIGRATIONS

UNREADABLE = ("The encrypted store on this device cannot be read (it is damaged or does "
              "not belong to this device's key). Nothing was changed. Ask support.")


class Database:
    """One SQLCipher connection, shared by threads under a lock."""

    def __init__(self, connection: Any) -> None:
        self._conn = connection
        self._lock = threading.RLock()
        self._closed = False

    @classmethod
    def open(cls, path: Path, data_key: bytes, *, create: bool = False,
             schema: int = LATEST) -> Database:
        """schema: migrate up to this step (older steps only to build upgrade tests)."""
        if not create and not path.exists():
            raise DatabaseUnreadable(UNREADABLE)
        if create:
            # Owner-only from the first byte; SQLite gives -wal and -shm the same mode.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY_FILE))
        conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
        try:
            _configure(conn, data_key)
        except sqlcipher3.DatabaseError as exc:
            conn.close()
            raise DatabaseUnreadable(UNREADABLE) from exc
        db = cls(conn)
        db.migrate(schema)
        return db

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._conn.close()

    def _ensure_open(self) -> None:
        # Background work can outlive a sign-out, a lock or a wipe: an expected failure.
        if self._closed:
            raise StoreClosed("You were signed out, so this was not done.")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Any]:
        """BEGIN IMMEDIATE … COMMIT: all or nothing, and durable once it returns."""
        with self._lock:
            self._ensure_open()
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException as exc:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                if isinstance(exc, sqlcipher3.OperationalError) and "full" in str(exc):
                    raise DiskFull("The disk is full, so this was not saved. Free some "
                                   "space and try again.") from exc
                if isinstance(exc, sqlcipher3.DatabaseError):
                    raise StorageError("The local store could not save this. Nothing "
                                       "was changed.") from exc
                raise

    def query(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[Any]:
        with self._lock:
            self._ensure_open()
            return list(self._conn.execute(sql, params))

    def migrate(self, schema: int = LATEST) -> None:
        version = self.query("PRAGMA user_version")[0][0]
        if version > LATEST:
            raise DatabaseUnreadable("This store was written by a newer fieldclient. "
                                     "Install the newer version.")
        for number, script in MIGRATIONS:
            if version < number <= schema:
                with self.transaction() as conn:
                    for statement in _statements(script):
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {number}")


def _configure(conn: Any, data_key: bytes) -> None:
    # A raw key (x'…'): SQLCipher uses it as is, with no second, passphrase KDF.
    conn.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # fails on a wrong key
    # Used by the Incident List's triggers (migration 4): the same folding as a search.
    conn.create_function("fc_fold", 1, _fold, deterministic=True)
    for pragma in ("PRAGMA temp_store = MEMORY", "PRAGMA foreign_keys = ON",
                   "PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL",
                   "PRAGMA busy_timeout = 10000",
                   # Decrypted pages kept in memory: the list index of 100,000 reports fits.
                   "PRAGMA cache_size = -32768"):
        conn.execute(pragma)


def _fold(text: str | None) -> str | None:
    return None if text is None else text.casefold()


def _statements(script: str) -> list[str]:
    """Split on the ";" that end statements (a trigger body holds more of them)."""
    statements, current = [], ""
    for piece in script.split(";"):
        current += piece + ";"
        if sqlcipher3.complete_statement(current):
            if current.strip(" \n;"):
                statements.append(current.strip())
            current = ""
    return statements
