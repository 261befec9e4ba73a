"""`fieldclient --self-check`, the core half: what a bundle must carry to work at all.

Runs in a temporary data directory with a throwaway keyring, so it touches nothing of
a real installation. Each check returns one line for the report or raises
SelfCheckFailed saying what is missing. The Qt half (the sign-in window, the font)
is in ui/self_check.py.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from importlib import import_module
from importlib.metadata import entry_points
from pathlib import Path

from fieldclient.plumbing.errors import DatabaseUnreadable
from fieldclient.storage import crypto
from fieldclient.storage.crypto import KdfParams
from fieldclient.storage.database import Database
from fieldclient.storage.memory_keyring import MemoryKeyring
from fieldclient.storage.secret import SecretStore
from fieldclient.storage.store import LocalStore
from fieldclient.storage.vault import SlotKeys, Vault

# A real Argon2id run, kept small: the check is that the library works, not its cost.
CHECK_KDF = KdfParams(memory_kib=8 * 1024, time_cost=1, parallelism=1)
EMAIL, PASSPHRASE = "self-check@fieldclient.invalid", "self-check passphrase"
PLATFORM_BACKENDS = {"win32": "keyring.backends.Windows", "darwin": "keyring.backends.macOS"}


class SelfCheckFailed(Exception):
    pass


def check_keyring_backends() -> str:
    """keyring finds its backends through package metadata: a bundle without it silently
    falls back to the 'fail' backend, and no store could ever be opened."""
    names = sorted({ep.name for ep in entry_points(group="keyring.backends")})
    if not names:
        raise SelfCheckFailed("keyring's backend entry points are missing from the bundle: "
                              "it would fall back to the 'fail' backend")
    module = PLATFORM_BACKENDS.get(sys.platform, "keyring.backends.SecretService")
    try:
        import_module(module)
    except ImportError as exc:
        raise SelfCheckFailed(f"{module} is missing from the bundle ({exc})") from None
    return f"keyring backends bundled: {', '.join(names)} ({module} imports)"


def check_encrypted_store(data_dir: Path) -> str:
    """Create a store behind a password keyslot, close it, reopen it with the password."""
    secrets = SecretStore("self-check", MemoryKeyring())
    data_key = crypto.random_key()
    vault = Vault.create(data_dir / "vault.bin", secrets, "self-check", crypto.random_key(),
                         data_key)
    slot = vault.make_slot(EMAIL, PASSPHRASE, SlotKeys(data_key), CHECK_KDF)
    path = data_dir / "store.db"
    db = Database.open(path, data_key, create=True)
    LocalStore(db).audit("self_check", None, datetime.now(UTC))
    db.close()
    keys = Vault.load(data_dir / "vault.bin", secrets).unlock_slot(EMAIL, slot, PASSPHRASE)
    if keys is None or keys.data_key != data_key:
        raise SelfCheckFailed("the password keyslot did not give the data key back")
    reopened = Database.open(path, keys.data_key)
    events = [e.event for e in LocalStore(reopened).audit_events()]
    cipher = reopened.query("PRAGMA cipher_version")[0][0]
    reopened.close()
    if events != ["self_check"]:
        raise SelfCheckFailed(f"the reopened store holds {events!r}, not what was written")
    if path.read_bytes()[:16] == b"SQLite format 3\x00":
        raise SelfCheckFailed("the store was written unencrypted")
    try:
        Database.open(path, crypto.random_key()).close()
    except DatabaseUnreadable:
        pass
    else:
        raise SelfCheckFailed("the store opened with a wrong key")
    return (f"encrypted store: created, closed, reopened through a password keyslot "
            f"(Argon2id, AES-GCM, SQLCipher {cipher}); a wrong key is refused")


# Wine 8 has no VirtualAlloc2 placeholders (MEM_RESERVE_PLACEHOLDER), which the GraalVM
# native image inside saxonche reserves its heap with: creating a Saxon processor ends the
# process at once ("allocate_virtual_memory called with wrong alloc type flags
# (00042000)"). Windows 10 1803 and later have them. So under Wine (the Windows lane),
# the Schematron half is not run; on Windows and Linux it is.
WINE_LIMIT = "Schematron not run under Wine (no VirtualAlloc2 placeholders for saxonche)"


def check_nemsis() -> str:
    """Complete runs the NEMSIS XSD and Schematron on the device: lxml, saxonche (native
    code of its own) and the vendored schemas must all be in the bundle, and work."""
    from fieldclient.plumbing.resources import under_wine
    from fieldforms import epcr_v2
    from fieldforms.nemsis import complete
    from fieldforms.nemsis.checks import checker, parse
    from fieldforms.nemsis.document import serialize
    from fieldforms.nemsis.export import Exported, ems_dataset

    # No cardiac arrest, yet an etiology: the national rules warn (nemSch_e094).
    data = {"eArrest.01": "3001001", "eArrest.02": "3002001"}
    report = Exported(complete.STAND_IN_UUID, epcr_v2.VERSION, data)
    tree = parse(serialize(ems_dataset([report], complete.STAND_IN)))
    xsd = checker().xsd(tree)
    if not xsd:
        raise SelfCheckFailed("the NEMSIS XSD check did not run")
    if under_wine():
        return f"NEMSIS checks ran: XSD ({len(xsd)} findings); {WINE_LIMIT}"
    rules = checker().schematron(tree)
    if not any(f.element == "eArrest.02" for f in rules):
        raise SelfCheckFailed("the NEMSIS Schematron check did not run")
    return f"NEMSIS checks ran: XSD ({len(xsd)} findings), Schematron ({len(rules)})"
