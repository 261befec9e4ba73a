"""Mail is a job in the database (fieldserver/mail_outbox.py): written with what causes
it, sealed at rest, delivered once by whichever courier claims it, retried with backoff,
and never lost when the process that queued it dies."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from fieldserver import mail_outbox
from fieldserver.mail import SmtpTransport
from fieldserver.models import MailJob, PasswordToken
from fieldserver.sealing import Sealer
from tests.helpers import ADMIN
from tests.support.clock import FakeClock
from tests.support.server import LiveServer, ServerThread
from tests.support.smtp import SmtpServer

WORKER = [sys.executable, "-m", "fieldserver.cli", "worker"]


def new_user(server: LiveServer, email: str) -> None:
    with server.as_user(*ADMIN) as admin:
        answer = admin.post("/api/v1/users", json={"email": email, "name": "New Medic"})
        assert answer.status_code == 201, answer.text


def jobs(server: LiveServer) -> list[MailJob]:
    with server.ctx.sessions() as db:
        return list(db.scalars(select(MailJob).order_by(MailJob.created_at)))


@pytest.fixture
def keys(tmp_path: Path) -> Path:
    """A sealing key file, shared by the server and its worker as in a deployment."""
    path = tmp_path / "sealing-keys"
    Sealer.configured(None, path)
    return path


def test_the_mail_is_queued_with_the_link_sealed_and_a_worker_delivers_it_once(
        database_url: str, smtp: SmtpServer, clock: FakeClock, keys: Path,
        tmp_path: Path) -> None:
    mail = SmtpTransport(smtp.host, smtp.port, insecure=True)
    with ServerThread(database_url, mail, clock, deliver_mail=False,
                      sealer=Sealer.configured(keys, keys)) as server:
        new_user(server, "queued@demo.local")
        [job] = jobs(server)
        with server.ctx.sessions() as db:  # committed together with the link it carries
            assert db.scalar(select(PasswordToken.user_id)) is not None
        assert job.sent_at is None and job.body is not None
        assert b"reset-password" not in job.body and b"token=" not in job.body
        assert smtp.inbox.messages == []  # nobody delivers in this server
        worker = subprocess.Popen([*WORKER, "--db", database_url, "--data-dir", str(tmp_path),
                                   "--sealing-key-file", str(keys), "--smtp",
                                   f"{smtp.host}:{smtp.port}", "--smtp-insecure"],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            message = smtp.inbox.wait_for("queued@demo.local", timeout=60)
        finally:
            worker.terminate()
            output = worker.communicate(timeout=60)[0].decode()
        assert worker.returncode == 0, output
        assert message["Message-ID"] == f"<{job.id}@fieldserver>"
        [done] = jobs(server)
        assert done.sent_at is not None and done.body is None  # the link is not kept
    assert len(smtp.inbox.to("queued@demo.local")) == 1


def test_a_failed_delivery_is_retried_after_its_backoff(database_url: str,
                                                         clock: FakeClock) -> None:
    down = SmtpServer()  # its port is chosen; it is not listening yet
    mail = SmtpTransport(down.host, down.port, insecure=True)
    with ServerThread(database_url, mail, clock, deliver_mail=False) as server:
        new_user(server, "later@demo.local")
        server.ctx.mail.flush()
        [job] = jobs(server)
        assert (job.attempts, job.last_error, job.sent_at) == (1, "ConnectionRefusedError",
                                                               None)
        assert job.next_attempt_at == clock.now() + mail_outbox.backoff(1)
        with down:
            server.ctx.mail.flush()
            assert down.inbox.messages == []  # not due yet
            clock.advance(seconds=mail_outbox.backoff(1).total_seconds())
            server.ctx.mail.flush()
            assert len(down.inbox.to("later@demo.local")) == 1
            server.ctx.mail.flush()
            assert len(down.inbox.to("later@demo.local")) == 1


def test_backoff_doubles_to_an_hour() -> None:
    assert [mail_outbox.backoff(n) for n in (1, 2, 3)] == [
        timedelta(seconds=30), timedelta(seconds=60), timedelta(seconds=120)]
    assert mail_outbox.backoff(9) == mail_outbox.backoff(50) == timedelta(hours=1)


@pytest.fixture
def couriers(database_url: str, smtp: SmtpServer, clock: FakeClock) -> Iterator[LiveServer]:
    mail = SmtpTransport(smtp.host, smtp.port, insecure=True)
    with ServerThread(database_url, mail, clock, deliver_mail=False) as server:
        yield server


def test_couriers_racing_for_the_same_jobs_send_each_once(couriers: LiveServer,
                                                          smtp: SmtpServer) -> None:
    """Replicas and workers all deliver from one table: a job goes once however many
    claim at the same moment."""
    for n in range(12):
        new_user(couriers, f"race{n}@demo.local")
    racers = [mail_outbox.Courier(couriers.ctx.sessions, couriers.ctx.mail.courier.transport,
                                  couriers.ctx.sealer, couriers.clock, "x <x@x.invalid>")
              for _ in range(4)]
    with ThreadPoolExecutor(len(racers)) as pool:
        sent = sum(pool.map(lambda c: c.deliver_due(), racers))
    assert sent == 12
    assert sorted(m["To"] for m in smtp.inbox.messages) == sorted(
        f"race{n}@demo.local" for n in range(12))


def test_a_job_whose_courier_died_mid_send_goes_once_its_lease_runs_out(
        couriers: LiveServer, smtp: SmtpServer) -> None:
    new_user(couriers, "lease@demo.local")
    dying = mail_outbox.Courier(couriers.ctx.sessions, couriers.ctx.mail.courier.transport,
                                couriers.ctx.sealer, couriers.clock, "x <x@x.invalid>")
    assert dying.claim() is not None  # claimed; its process dies before SMTP answers
    couriers.ctx.mail.flush()
    assert smtp.inbox.messages == []  # leased: no other courier takes it meanwhile
    couriers.clock.advance(seconds=mail_outbox.LEASE.total_seconds())
    couriers.ctx.mail.flush()
    couriers.ctx.mail.flush()
    assert len(smtp.inbox.to("lease@demo.local")) == 1
    [job] = jobs(couriers)
    assert (job.attempts, job.body) == (2, None)
