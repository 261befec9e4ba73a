"""Client settings, each declared once with its type, default and description.

Values live in `config.json` in the data directory (plain, not secret). Support staff
can pre-provision the server URL with `fieldclient.json` beside the installed program;
`--server` does the same from the command line.
"""

from __future__ import annotations

import json
import os
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from fieldclient.plumbing.errors import StorageError
from fieldclient.storage.atomic import atomic_write, ensure_private_dir

T = TypeVar("T", str, int, float)

CONFIG_FILE = "config.json"
PROVISIONING_FILE = "fieldclient.json"


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    type: type[T]
    default: T
    description: str


SERVER_URL = Setting("server_url", str, "", "Base URL of the agency server.")
DEVICE_ID = Setting("device_id", str, "", "This device's id on the agency server (set up).")
INSTALL_ID = Setting("install_id", str, "",
                     "Random id naming this data directory's entry in the OS keyring.")
MAX_CACHED_USERS = Setting("max_cached_users", int, 20,
                           "How many users may keep offline sign-in on this device; "
                           "the least recently used is dropped beyond it.")
PROBE_TIMEOUT = Setting("probe_timeout_seconds", float, 3.0,
                        "How long to wait for the server's health answer before "
                        "treating the network as down.")
REQUEST_TIMEOUT = Setting("request_timeout_seconds", float, 20.0,
                          "How long to wait for any other server answer.")

ALL: tuple[Setting[Any], ...] = (SERVER_URL, DEVICE_ID, INSTALL_ID, MAX_CACHED_USERS,
                                 PROBE_TIMEOUT, REQUEST_TIMEOUT)


def resolve_data_dir(override: Path | None = None) -> Path:
    """--data-dir, else FIELDCLIENT_DATA_DIR, else the platform's per-user data folder."""
    if override is not None:
        return override
    env = os.environ.get("FIELDCLIENT_DATA_DIR")
    if env:
        return Path(env)
    from platformdirs import user_data_dir  # ~15 ms; only when no folder was given

    return Path(user_data_dir("fieldclient", appauthor=False))


def program_dir() -> Path:
    """Where the installed program lives (the frozen executable's folder)."""
    return Path(sys.executable).resolve().parent


class Config:
    def __init__(self, data_dir: Path, provisioning_dir: Path | None = None) -> None:
        self.path = data_dir / CONFIG_FILE
        self._defaults = _read_json(Path(provisioning_dir or program_dir()) / PROVISIONING_FILE)
        self._values = _read_json(self.path)

    def get(self, setting: Setting[T]) -> T:
        raw = self._values.get(setting.key, self._defaults.get(setting.key, setting.default))
        try:
            return setting.type(raw)
        except (TypeError, ValueError):
            return setting.default

    def set(self, setting: Setting[T], value: T) -> None:
        self._values[setting.key] = setting.type(value)

    def save(self) -> None:
        ensure_private_dir(self.path.parent)
        atomic_write(self.path, json.dumps(self._values, indent=2, sort_keys=True).encode())

    def ensure_install_id(self) -> str:
        if not self.get(INSTALL_ID):
            self.set(INSTALL_ID, uuid.uuid4().hex)
            self.save()
        return self.get(INSTALL_ID)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        value = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise StorageError(f"The settings file {path} cannot be read; fix or remove it.") from exc
    if not isinstance(value, dict):
        raise StorageError(f"The settings file {path} cannot be read; fix or remove it.")
    return value
