"""Desktop-client benchmarks (offscreen), each with a baseline from the same run.

- EMS Incident List over 100,000 local reports: open (query + model), one filter
  keystroke, and RSS. Goals: <= 200 ms, <= 50 ms, <= 300 MB.
- Cold start to an interactive sign-in window against a bare PySide6 window started the
  same way. Goal: <= 1.5x.
- Save and Exit of a full report (form v2: the 2025-EMS-1 case, 10 vitals rows). Goal:
  <= 20 ms median.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path

from bench.common import Row, timed

ROOT = Path(__file__).resolve().parents[1]

BARE_WINDOW = """
import time; start = time.perf_counter()
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([]); w = QWidget(); w.show(); app.processEvents()
print(time.perf_counter() - start)
"""
CLIENT_WINDOW = """
import time; start = time.perf_counter()
import tempfile
from pathlib import Path
from PySide6.QtWidgets import QApplication
from fieldclient.ui.app import start as start_client
app = QApplication([])
tmp = Path(tempfile.mkdtemp())
(tmp / "vault.bin").write_bytes(b"")  # set up: the sign-in screen is the first screen
client = start_client(app, tmp, "http://127.0.0.1:9")  # what run() does: the window first,
app.processEvents()
assert client.window.signin.isVisible()
first_frame = time.perf_counter() - start
from PySide6.QtCore import QEventLoop
loop = QEventLoop()
client.window.attached.connect(loop.quit)  # ...then the core, loaded behind it
if client.device is None:
    loop.exec()
print(first_frame, time.perf_counter() - start)
client.close()
app.processEvents()
del client, loop  # Qt objects go before the application does
app.processEvents()
"""


def rss_mb() -> float:
    """Peak RSS of this process image. Linux's ru_maxrss also counts the parent's memory
    at fork, so a child of the (by then large) benchmark runner would report that."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_kib = next(line.split()[1] for line in status.splitlines()
                    if line.startswith("VmHWM:"))
    return int(peak_kib) / 1024


def cold_start(quick: bool) -> list[Row]:
    # The keyring is chosen the way a real install chooses it (lazily, on first use),
    # and the in-memory test backend stands in for the OS one.
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen",
                        "PYTHON_KEYRING_BACKEND": "tests.support.keyring.MemoryKeyring"}
    runs = 3 if quick else 9

    def start(code: str) -> list[float]:
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True,
                             capture_output=True, text=True).stdout
        return [float(x) for x in out.strip().splitlines()[-1].split()]

    # Interleaved, so the machine's slow moments fall on both sides alike.
    pairs = [(start(BARE_WINDOW)[0], start(CLIENT_WINDOW)) for _ in range(runs)]
    bare = statistics.median(b for b, _ in pairs)
    window = statistics.median(c[0] for _, c in pairs)
    core = statistics.median(c[1] for _, c in pairs)
    return [("cold start to an interactive sign-in window", f"{window * 1000:.0f} ms",
             f"{bare * 1000:.0f} ms bare PySide6 window", f"{window / bare:.2f}x (goal <= 1.5x)"),
            ("... and the core loaded behind it", f"{core * 1000:.0f} ms",
             f"{bare * 1000:.0f} ms bare PySide6 window", f"{core / bare:.2f}x")]


def fill_store(tmp: Path, count: int) -> object:
    from fieldclient.storage.database import Database
    from fieldclient.storage.store import LocalStore

    store = LocalStore(Database.open(tmp / "store.db", os.urandom(32), create=True))
    now = datetime.now(UTC).isoformat()
    complaints = ("Fall", "Chest pain", "Syncope")
    rows = [(str(uuid.uuid4()),
             json.dumps({"ePatient.03": f"First{i}", "ePatient.02": f"Last{i}",
                         "eSituation.04": complaints[i % 3], "eResponse.03": f"26-{i:06d}"}),
             now) for i in range(count)]
    with store.db.transaction() as c:
        c.executemany("INSERT INTO reports (id, local_revision, form_id, form_version, status,"
                      " data, author_id, created_at, saved_at, sync_state) VALUES"
                      " (?, 1, 'epcr', 1, 'in_progress', ?, 1, ?, ?, 'not_synced')",
                      [(r[0], r[1], r[2], r[2]) for r in rows])
    return store


def incident_list(tmp: Path, count: int) -> list[Row]:
    """What the screen does, minus the thread hop: query a page, build cells, reset."""
    from fieldclient.storage.store import ListQuery
    from fieldclient.ui.screens.incident_model import IncidentTableModel, prepare

    store = fill_store(tmp, count)
    before = rss_mb()

    def fetch(query, offset, limit, deliver):  # type: ignore[no-untyped-def]
        deliver(prepare(store.list_page(query, offset, limit)))  # type: ignore[attr-defined]

    model = IncidentTableModel(fetch)
    open_seconds = timed(lambda: model.set_query(ListQuery()), 1)[0]
    assert model.rowCount() > 0
    raw_seconds = timed(lambda: store.db.query("SELECT id, data FROM reports"), 1)[0]  # type: ignore[attr-defined]
    keystrokes = ["l", "la", "las", "last", "last1", "last12"]
    filter_seconds = statistics.median(timed(lambda k=k: model.set_query(ListQuery(k)), 1)[0]
                                       for k in keystrokes)
    nothing = statistics.median(timed(lambda: model.set_query(ListQuery("zzz")), 5))
    haystack = [f"last{i} first{i} chest pain medic 7 26-{i:06d}" for i in range(count)]
    scan = statistics.median(timed(lambda: [h for h in haystack if "last12" in h], 1)[0]
                             for _ in range(5))
    model.set_query(ListQuery())
    scroll = statistics.median(timed(model.fetchMore, 20))
    rss = rss_mb()
    return [
        (f"incident list open ({count:,} reports)", f"{open_seconds * 1000:.1f} ms",
         f"{raw_seconds * 1000:.0f} ms raw SELECT of every report",
         f"{open_seconds / raw_seconds:.3f}x (goal <= 200 ms)"),
        ("incident list filter keystroke", f"{filter_seconds * 1000:.1f} ms",
         f"{scan * 1000:.1f} ms in-memory substring scan",
         f"{filter_seconds / scan:.1f}x (goal <= 50 ms)"),
        ("filter keystroke matching nothing (scans all)", f"{nothing * 1000:.1f} ms",
         f"{scan * 1000:.1f} ms in-memory substring scan",
         f"{nothing / scan:.1f}x (goal <= 50 ms)"),
        ("scroll: fetch the next 200 rows", f"{scroll * 1000:.1f} ms",
         f"{raw_seconds * 1000:.0f} ms raw SELECT of every report",
         f"{scroll / raw_seconds:.3f}x"),
        ("RSS with the list loaded", f"{rss:.0f} MB", f"{before:.0f} MB before loading",
         "(goal <= 300 MB)"),
    ]


def list_in_own_process(count: int) -> list[Row]:
    """Its own process, so RSS counts the list alone, not the benchmarks before it."""
    code = ("import json, os, sys, tempfile; from pathlib import Path\n"
            "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
            "from PySide6.QtWidgets import QApplication; app = QApplication([])\n"
            "from bench.ui import incident_list\n"
            "with tempfile.TemporaryDirectory() as tmp:\n"
            f"    print(json.dumps(incident_list(Path(tmp), {count})))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return [tuple(row) for row in json.loads(out.strip().splitlines()[-1])]  # type: ignore[misc]


def save_and_exit(tmp: Path, quick: bool) -> list[Row]:
    from fieldclient.signin.session import Session
    from fieldclient.storage.crypto import DeviceProof
    from fieldclient.storage.database import Database
    from fieldclient.storage.store import CachedUser, LocalStore
    from fieldclient.ui.bridge.operations import Operations
    from fieldclient.ui.screens.epcr_editor import EpcrEditor
    from fieldforms.epcr_v2 import definition
    from tests.support.nemsis import case_report

    store = LocalStore(Database.open(tmp / "save.db", os.urandom(32), create=True))
    user = CachedUser(1, "m@x.org", "Medic", [], [], "password", 1, {})
    session = Session(user, "offline", store, "device", None,  # type: ignore[arg-type]
                      DeviceProof.from_secret(os.urandom(32)))
    editor = EpcrEditor(Operations(print))
    form = definition()  # form v2, the agency's current form: a whole NEMSIS case
    data = case_report("2025-EMS-1-Overdose_v351", datetime.now().astimezone())
    data["eVitals.VitalGroup"] = (data["eVitals.VitalGroup"] * 4)[:10]
    editor.open(session, form, None)
    for key, value in data.items():
        if key in editor.editors:
            editor.editors[key].set_value(value)
    report_id = str(uuid.uuid4())

    def save() -> None:  # what Save and Exit does: read the editors, one transaction
        store.save_report(report_id, form_id="epcr", form_version=2, data=editor.data(),
                          author_id=1, now=datetime.now(UTC))

    payload = json.dumps(data)

    def bare() -> None:
        with store.db.transaction() as c:
            c.execute("INSERT OR REPLACE INTO sync_meta (key, value) VALUES ('bench', ?)",
                      (payload,))

    runs = 15 if quick else 50
    median, base = statistics.median(timed(save, runs)), statistics.median(timed(bare, runs))
    editor.deleteLater()
    store.close()
    return [("Save and Exit, full report (form v2, 10 vitals)", f"{median * 1000:.1f} ms median",
             f"{base * 1000:.1f} ms bare SQLCipher insert+commit",
             f"{median / base:.2f}x (goal <= 20 ms)")]


def run(quick: bool) -> list[Row]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])  # held for the whole run
    rows = cold_start(quick)
    with tempfile.TemporaryDirectory() as tmp:
        rows += save_and_exit(Path(tmp), quick)
        rows += list_in_own_process(20_000 if quick else 100_000)
    app.processEvents()  # let deleteLater finish before the application goes
    return rows
