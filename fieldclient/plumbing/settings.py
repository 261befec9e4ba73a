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
from collections.abc import Callable
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
UNDONE_REGISTRATION = Setting(
    "setup_registration_to_undo", str, "",
    "A device this computer registered in a set-up that then failed, whose revocation "
    "could not reach the server; the next set-up revokes it before anything else.")
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

ALL: tuple[Setting[Any], ...] = (SERVER_URL, DEVICE_ID, UNDONE_REGISTRATION, INSTALL_ID,
                                 MAX_CACHED_USERS, PROBE_TIMEOUT, REQUEST_TIMEOUT)


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


FORMAT_KEY = "format"


def _first_format(values: dict[str, Any]) -> dict[str, Any]:
    """1: config.json says which format it is (files from before had no number)."""
    return values


# Numbered upgrade steps of config.json, each from the format before it (0: no number).
CONFIG_UPGRADES: tuple[tuple[int, Callable[[dict[str, Any]], dict[str, Any]]], ...] = (
    (1, _first_format),
)
CONFIG_FORMAT = CONFIG_UPGRADES[-1][0]


class Config:
    def __init__(self, data_dir: Path, provisioning_dir: Path | None = None) -> None:
        self.path = data_dir / CONFIG_FILE
        self._defaults = _read_json(Path(provisioning_dir or program_dir()) / PROVISIONING_FILE)
        self._values = upgraded_config(_read_json(self.path), self.path)

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
        document = self._values | {FORMAT_KEY: CONFIG_FORMAT}
        atomic_write(self.path, json.dumps(document, indent=2, sort_keys=True).encode())

    def ensure_install_id(self) -> str:
        if not self.get(INSTALL_ID):
            self.set(INSTALL_ID, uuid.uuid4().hex)
            self.save()
        return self.get(INSTALL_ID)


def upgraded_config(values: dict[str, Any], path: Path) -> dict[str, Any]:
    """The settings of any older format, brought forward; a newer file is refused."""
    version = values.pop(FORMAT_KEY, 0)
    if not isinstance(version, int) or version < 0:
        raise StorageError(f"The settings file {path} cannot be read; fix or remove it.")
    if version > CONFIG_FORMAT:
        raise StorageError(f"The settings file {path} was written by a newer fieldclient. "
                           "Install the newer version; nothing was changed.")
    for number, step in CONFIG_UPGRADES:
        if version < number:
            values = step(values)
    return values


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
