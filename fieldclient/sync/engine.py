"""The sync engine: push the outbox, pull what changed. Pure Python, no Qt, no threads.

One `run()` is one pass. It never drops a report: anything without a definite answer
stays queued and is sent again, exactly as before. Scheduling, backoff and triggers
live in runner.py.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

from fieldclient.plumbing.clock import Clock
from fieldclient.plumbing.errors import (
    ApiRefusal,
    FieldClientError,
    ServerUnreachable,
    StoreClosed,
)
from fieldclient.plumbing.events import EventBus, IncidentsChanged, ReportsChanged, SyncStatus
from fieldclient.signin.session import Session
from fieldclient.sync.outbox import Outbox, Upload
from fieldforms.nemsis.shape import listed_crew

log = logging.getLogger(__name__)

BATCH_SIZE = 50
TRANSIENT = {408, 425, 429, 500, 502, 503, 504}


@dataclass(frozen=True)
class Outcome:
    ok: bool
    retry_after: float | None = None     # the server asked us to wait this long
    needs_online_sign_in: bool = False
    offline: bool = False                # the server could not be reached


class Appended(Protocol):
    """Addenda and signatures: appended to a report, sent after it (fieldclient.storage)."""

    def ready_to_send(self, limit: int) -> Sequence[Any]: ...
    def settled(self, item_id: str, problem: str | None) -> None: ...


def crew_of_this_device(users: list[Any]) -> Callable[[dict[str, Any]], bool]:
    """Whether a pulled report belongs here: written or crewed by someone who signs in on
    this device (their other laptop's reports follow them; nobody else's come)."""
    ids = {int(u.id) for u in users}
    names = {str(u.id) for u in users} | {str(u.email).casefold() for u in users}

    def ours(item: dict[str, Any]) -> bool:
        return (int(item.get("author_id") or 0) in ids
                or bool(listed_crew(item.get("data") or {}) & names))

    return ours


class PassCancelled(Exception):
    """The session is ending (sign-out, lock, wipe): the pass stops at this step."""


class SyncEngine:
    def __init__(self, session: Session, clock: Clock, events: EventBus, *,
                 batch_size: int = BATCH_SIZE,
                 after_contact: Callable[[], None] | None = None,
                 cancelled: Callable[[], bool] = lambda: False) -> None:
        self.session = session
        self._cancelled = cancelled
        self.outbox = Outbox(session.store.db)
        self.clock = clock
        self.events = events
        self.batch_size = batch_size
        self._after_contact = after_contact  # e.g. Device.check_credentials

    # --- one pass ------------------------------------------------------------------------
    def run(self) -> Outcome:
        """One pass. Raises StoreClosed or PassCancelled when the session ends meanwhile
        (nothing is written then: the store is closed or about to be)."""
        self._publish(running=True)
        try:
            self._push()
            self._pull()
            self._push_addenda()  # after the pull: their reports may have just synced
            self._push_signatures()  # after the addenda, which some of them sign
            self._push_audit()
            if self._after_contact is not None:
                self._checkpoint()
                self._after_contact()
        except (StoreClosed, PassCancelled):
            raise
        except ServerUnreachable as exc:
            return self._failed(str(exc), offline=True)
        except ApiRefusal as refusal:
            if refusal.status == 401:
                return self._failed("Sign in online to sync.", needs_sign_in=True)
            if refusal.status in TRANSIENT:
                retry = refusal.extra.get("retry_after")
                return self._failed(f"The server is busy ({refusal.status}).",
                                    retry_after=_seconds(retry))
            return self._failed(str(refusal))
        except FieldClientError as exc:
            return self._failed(str(exc))
        self.outbox.set_meta("last_success", self.clock.now().isoformat())
        self.outbox.set_meta("last_error", "")
        self._publish(running=False)
        return Outcome(ok=True)

    def status(self, running: bool = False, needs_sign_in: bool = False) -> SyncStatus:
        return SyncStatus(pending=self.outbox.pending_count(), running=running,
                          last_success=self.outbox.get_meta("last_success"),
                          last_error=self.outbox.get_meta("last_error") or None,
                          needs_online_sign_in=needs_sign_in)

    def show_status(self) -> None:
        self._publish(running=False)

    def show_problem(self, message: str) -> None:
        """Put a problem in the status line, if the session is still there to hold it."""
        try:
            self.outbox.set_meta("last_error", message)
            self._publish(running=False)
        except FieldClientError:  # the session ended: nothing to show it in
            log.info("sync problem not shown: the session ended")

    def _failed(self, message: str, *, retry_after: float | None = None,
                needs_sign_in: bool = False, offline: bool = False) -> Outcome:
        self.outbox.set_meta("last_error", message)
        self._publish(running=False, needs_sign_in=needs_sign_in)
        return Outcome(ok=False, retry_after=retry_after, needs_online_sign_in=needs_sign_in,
                       offline=offline)

    def _checkpoint(self) -> None:
        if self._cancelled():
            raise PassCancelled

    def _publish(self, *, running: bool, needs_sign_in: bool = False) -> None:
        self.events.publish(self.status(running, needs_sign_in))

    # --- push ----------------------------------------------------------------------------
    def _push(self) -> None:
        while True:
            self._checkpoint()
            uploads = self.outbox.claim(self.batch_size)
            if not uploads:
                return
            device = self.session.device_id
            items = [{"id": u.report_id, "idempotency_key": u.idempotency_key(device),
                      "if_match": u.if_match, "report": u.payload} for u in uploads]
            def send(token: str, items: list[dict[str, Any]] = items) -> list[dict[str, Any]]:
                return self.session.api.upload_reports(token, items)

            try:
                results = self.session.authorized(send)
            except FieldClientError as exc:
                self.outbox.failed(uploads, type(exc).__name__)
                raise
            for upload, result in zip(uploads, results, strict=True):
                self._settle(upload, result["status"], result["body"])
            self.events.publish(ReportsChanged(tuple(u.report_id for u in uploads)))
            self._publish(running=True)

    def _settle(self, upload: Upload, status: int, body: dict[str, Any]) -> None:
        if 200 <= status < 300:
            self.outbox.uploaded(upload, int(body["revision"]))
        elif status == 412:
            self.outbox.conflict(upload.report_id, body["error"].get("current"))
        elif status in TRANSIENT:
            self.outbox.failed([upload], f"server answered {status}")
        else:  # 422, 409: this report cannot go as it is; the others go on
            error = body.get("error", {})
            problems = error.get("errors") or [{"field": "", "message": error.get("message")}]
            self.outbox.rejected(upload, problems)

    def _push_addenda(self) -> None:
        """Each addendum once its report is on the server as completed."""
        self._push_appended(self.outbox.addenda, lambda a, token: self.session.api.put_addendum(
            token, a.report_id, a.id, a.text, a.written_at))

    def _push_signatures(self) -> None:
        """Each signature once the server holds its report (and addendum)."""
        self._push_appended(self.outbox.signatures,
                            lambda s, token: self.session.api.put_signature(
                                token, s.report_id, s.id, s.upload()))

    def _push_audit(self) -> None:
        """This user's prints, saves and views (others' wait for their own sessions)."""
        access = self.session.store.access
        while batch := access.waiting(self.session.user.id, min(self.batch_size, 100)):
            self._checkpoint()
            self.session.authorized(partial(self._put_audit, [e.upload() for e in batch]))
            access.sent([e.id for e in batch])

    def _put_audit(self, events: list[dict[str, Any]], token: str) -> object:
        return self.session.api.put_audit_events(token, events)

    def _push_appended(self, waiting: Appended, put: Callable[[Any, str], object]) -> None:
        """Addenda and signatures, one request each: a refusal is kept with its reason
        and the rest go on; no answer (offline, signed out, busy) leaves it waiting."""
        sent: set[str] = set()
        while batch := waiting.ready_to_send(self.batch_size):
            for item in batch:
                self._checkpoint()
                try:
                    self.session.authorized(partial(put, item))
                except ApiRefusal as refusal:
                    if refusal.status == 401 or refusal.status in TRANSIENT:
                        raise
                    waiting.settled(item.id, str(refusal))
                else:
                    waiting.settled(item.id, None)
                sent.add(item.report_id)
        if sent:
            self.events.publish(ReportsChanged(tuple(sorted(sent))))

    # --- pull ----------------------------------------------------------------------------
    def _pull(self) -> None:
        store = self.session.store
        incidents = 0
        for item_page in self._pages("incidents"):
            store.put_incidents(item_page)
            incidents += len(item_page)
        if incidents:
            self.events.publish(IncidentsChanged(incidents))
        changed: list[str] = []
        ours = crew_of_this_device(store.cached_users())
        for report_page in self._pages("reports"):
            for item in report_page:
                if self.outbox.pulled(item, keep=ours):
                    changed.append(item["id"])
        # After the reports: a report pulled on a form version this device has not seen
        # (imported on the server, say) must open here offline, on its own version.
        self.session.refresh_form(self.clock.now())
        if changed:
            self.events.publish(ReportsChanged(tuple(changed)))

    def _pages(self, what: str) -> Any:
        """Pages of changes since our cursor; the cursor moves only after a page is stored."""
        key = f"{what}_cursor"
        while True:
            self._checkpoint()
            since = self.outbox.get_meta(key)

            def fetch(token: str, since: str | None = since) -> dict[str, Any]:
                return self.session.api.changes(token, what, since)

            page = self.session.authorized(fetch)
            if not page["items"]:
                return
            yield page["items"]
            self.outbox.set_meta(key, str(page["next_cursor"]))


def _seconds(value: object) -> float | None:
    try:
        return float(str(value)) if value is not None else None
    except ValueError:
        return None
