"""The thin Qt adapter of sync: the core's events become signals on the GUI thread.

The engine and the runner never import Qt. Signals emitted here from the sync thread
reach GUI-thread receivers through Qt's queued connections, so no widget is ever
touched from the worker. QNetworkInformation is only a hint to try now: behind agency
proxies it is unreliable, and our own health probe decides.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QNetworkInformation

from fieldclient.plumbing.events import Event, EventBus, ReportsChanged, SyncStatus
from fieldclient.sync.runner import SyncRunner


class SyncBridge(QObject):
    statusChanged = Signal(object)    # SyncStatus
    reportsChanged = Signal(object)   # tuple of report ids

    def __init__(self, events: EventBus, runner: SyncRunner,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._unsubscribe = events.subscribe(self._on_event)
        self._watch_network()

    def request_sync(self) -> None:
        self._runner.request()

    def close(self) -> None:
        self._unsubscribe()

    def _on_event(self, event: Event) -> None:  # runs on whichever thread published
        if isinstance(event, SyncStatus):
            self.statusChanged.emit(event)
        elif isinstance(event, ReportsChanged):
            self.reportsChanged.emit(event.report_ids)

    def _watch_network(self) -> None:
        if not QNetworkInformation.loadDefaultBackend():
            return
        info = QNetworkInformation.instance()
        if info is not None:
            info.reachabilityChanged.connect(self._reachability_changed)

    def _reachability_changed(self, reachability: QNetworkInformation.Reachability) -> None:
        if reachability == QNetworkInformation.Reachability.Online:
            self._runner.request()
