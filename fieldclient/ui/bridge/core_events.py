"""The one core→Qt bridge: every core event, re-emitted as a signal on the GUI thread.

Like Electrum's QtEventListener. The core publishes plain events on whichever thread it
is working on (the sync thread, an operation's worker); `CoreBridge` subscribes once and
emits the matching signal. The bridge lives on the GUI thread, so Qt delivers each
emission to GUI-thread receivers queued: no widget is ever touched off that thread.
Screens follow these signals and keep no copy of core state.

QNetworkInformation is only a hint to probe now: behind agency proxies it is
unreliable, and our own health probe (the sync runner's) decides what is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from fieldclient.plumbing import events as core
from fieldclient.plumbing.events import Event, EventBus

E = TypeVar("E")

# Each core event type and the name of the signal that carries it (the event itself).
SIGNAL_OF: dict[type, str] = {
    core.SignedIn: "signedIn",
    core.SignedOut: "signedOut",
    core.Locked: "locked",
    core.CredentialsRemoved: "credentialsRemoved",
    core.DeviceWiped: "deviceWiped",
    core.SyncStatus: "syncStatus",
    core.ReportsChanged: "reportsChanged",
    core.IncidentsChanged: "incidentsChanged",
    core.ConnectivityChanged: "connectivityChanged",
}


class CoreBridge(QObject):
    signedIn = Signal(object)             # SignedIn
    signedOut = Signal(object)            # SignedOut
    locked = Signal(object)               # Locked
    credentialsRemoved = Signal(object)   # CredentialsRemoved
    deviceWiped = Signal(object)          # DeviceWiped
    syncStatus = Signal(object)           # SyncStatus
    reportsChanged = Signal(object)       # ReportsChanged
    incidentsChanged = Signal(object)     # IncidentsChanged
    connectivityChanged = Signal(object)  # ConnectivityChanged
    bug = Signal(object)                  # an exception from a background thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe: Callable[[], None] | None = None
        self._latest: dict[type, Event] = {}

    def listen(self, events: EventBus) -> None:
        """Re-emit what this bus publishes (the device's, once the core has loaded)."""
        self.close()
        self._unsubscribe = events.subscribe(self._on_event)

    def close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def report_bug(self, exc: BaseException) -> None:
        """From any thread: the crash handler hears of it on the GUI thread."""
        self.bug.emit(exc)

    def latest(self, kind: type[E]) -> E | None:
        """The last event of this kind, for a screen built after it was emitted."""
        found = self._latest.get(kind)
        return found if isinstance(found, kind) else None

    def _on_event(self, event: Event) -> None:  # on whichever thread published
        self._latest[type(event)] = event  # one dict store: atomic under the GIL
        getattr(self, SIGNAL_OF[type(event)]).emit(event)


def watch_network(on_change: Callable[[], None]) -> None:
    """Call `on_change` when the OS says the network changed (where Qt can tell). Without
    it, the sync runner's own probing still notices, only later."""
    from PySide6.QtNetwork import QNetworkInformation

    from fieldclient.plumbing.resources import under_wine

    # Qt's Windows backend (the Network List Manager) never returns under Wine 8: it
    # spins on the GUI thread. The Windows lane runs there; real Windows is unaffected.
    if under_wine() or not QNetworkInformation.loadDefaultBackend():
        return
    info = QNetworkInformation.instance()
    if info is not None:
        info.reachabilityChanged.connect(lambda _reachability: on_change())
