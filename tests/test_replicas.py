"""fieldserver beyond one machine: 3 replicas, a mail worker and nginx on one PostgreSQL,
each a real process, attacked the way a county's deployment fails: a replica killed
with SIGKILL mid-run, a network that drops, repeats and cuts answers (the fault proxy),
guesses spread over the replicas, a worker killed with mail queued."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from fieldserver.db import make_engine, make_session_factory
from fieldserver.models import MailJob, Report, ReportRevision
from fieldserver.sealing import Sealer
from tests.helpers import ADMIN, MEDIC, MFA_USER, totp
from tests.support.fault_proxy import FaultProxy
from tests.support.nginx import load_balancer
from tests.support.replicas import (
    Deployment,
    migrate,
    sign_up_crews,
    upload_until_answered,
)
from tests.support.smtp import SmtpServer, free_port

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
DEVICES, REPORTS_EACH, EDITED_EACH, PULLERS = 100, 20, 5, 5
LOGIN = "/api/v1/auth/login"


@dataclass
class Cluster:
    deployment: Deployment
    ports: list[int]
    url: str  # nginx's


@pytest.fixture
def cluster(postgres_url: str, smtp: SmtpServer, tmp_path: Path) -> Iterator[Cluster]:
    keys = tmp_path / "sealing-keys"
    Sealer.configured(None, keys)  # one key file for every replica and the worker
    migrate(postgres_url, tmp_path / "migrate")
    ports = [free_port() for _ in range(3)]
    deployment = Deployment(postgres_url, tmp_path, keys, smtp)
    with load_balancer(ports) as url:
        try:
            deployment.replica(ports[0], url, demo=True)
            for port in ports[1:]:
                deployment.replica(port, url)
            deployment.worker()
            yield Cluster(deployment, ports, url)
        finally:
            deployment.stop()


# --- pushing and pulling through nginx, with faults, while a replica dies -----------------
@dataclass
class Progress:
    """Uploads answered, counted so that the test acts on counts, not on time."""

    done: int = 0
    changed: threading.Condition = field(default_factory=threading.Condition)

    def one(self) -> None:
        with self.changed:
            self.done += 1
            self.changed.notify_all()

    def wait_for(self, count: int, timeout: float = 600) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: self.done >= count, timeout), self.done


def push(proxy_url: str, token: str, device: int, progress: Progress) -> dict[str, int]:
    """A device's 20 reports, then an edit of 5 of them: {report id: its last revision}."""
    pushed: dict[str, int] = {}
    with httpx.Client(base_url=proxy_url, timeout=60,
                      headers={"Authorization": f"Bearer {token}"}) as http:
        for n in range(REPORTS_EACH):
            report_id = str(uuid.uuid4())
            upload_until_answered(http, report_id, 1, f"device {device} report {n}")
            pushed[report_id] = 1
            progress.one()
        for report_id in list(pushed)[:EDITED_EACH]:
            upload_until_answered(http, report_id, 2, f"device {device} edited {report_id}")
            pushed[report_id] = 2
            progress.one()
    return pushed


@dataclass
class Puller:
    """A device pulling the feed; what each page brought, in order."""

    token: str
    seen: list[tuple[str, int]] = field(default_factory=list)
    cursor: str = "0"

    def pull(self, http: httpx.Client) -> int:
        try:
            answer = http.get("/api/v1/reports", params={"since": self.cursor, "limit": 200})
        except httpx.TransportError:
            return 0
        if answer.status_code != 200:
            assert answer.status_code in (429, 500, 502, 503, 504), answer.text
            return 0
        page = answer.json()
        self.seen += [(item["id"], item["revision"]) for item in page["items"]]
        self.cursor = page["next_cursor"]
        return len(page["items"])

    def run(self, proxy_url: str, pushing_done: threading.Event,
            final: dict[str, int]) -> None:
        with httpx.Client(base_url=proxy_url, timeout=60,
                          headers={"Authorization": f"Bearer {self.token}"}) as http:
            while not pushing_done.is_set():
                self.pull(http)
                pushing_done.wait(0.5)  # a device's pull interval
            for _ in range(500):  # then until the feed has brought everything
                if self.pull(http) == 0 and self.has_all(final):
                    return
            raise AssertionError("the feed did not bring every change")

    def has_all(self, final: dict[str, int]) -> bool:
        latest = dict(self.seen)  # the last revision seen of each report
        return all(latest.get(report_id) == revision for report_id, revision in final.items())


def kill_and_restart(cluster: Cluster, progress: Progress, total: int) -> None:
    progress.wait_for(total // 3)
    victim = cluster.deployment.replicas[cluster.ports[1]]
    victim.kill()  # mid-run: requests in flight on it are cut
    progress.wait_for(total // 2)
    victim.start()
    victim.wait_ready(f"http://127.0.0.1:{cluster.ports[1]}")


def test_100_devices_push_through_nginx_while_a_replica_dies_and_nothing_is_lost(
        cluster: Cluster, postgres_url: str) -> None:
    tokens = sign_up_crews(cluster.url, DEVICES + PULLERS)
    proxy = FaultProxy(int(cluster.url.rsplit(":", 1)[1]), fault_rate=0.05)
    progress, pushing_done = Progress(), threading.Event()
    total = DEVICES * (REPORTS_EACH + EDITED_EACH)
    pullers = [Puller(token) for token in tokens[DEVICES:]]
    final: dict[str, int] = {}
    with ThreadPoolExecutor(DEVICES + PULLERS + 1) as pool:
        pulling = [pool.submit(p.run, proxy.url, pushing_done, final) for p in pullers]
        chaos = pool.submit(kill_and_restart, cluster, progress, total)
        devices = [pool.submit(push, proxy.url, tokens[n], n, progress)
                   for n in range(DEVICES)]
        try:
            for device in devices:
                final.update(device.result())
            chaos.result()
        finally:
            pushing_done.set()  # the pullers finish (or fail) either way
        for puller in pulling:
            puller.result()
    proxy.close()
    restarted = cluster.deployment.replicas[cluster.ports[1]].process
    assert restarted is not None and restarted.poll() is None  # it came back
    assert {"drop", "lost", "reset", "twice"} <= set(proxy.counts), proxy.counts
    assert_every_report_and_revision_kept(postgres_url, final)
    for puller in pullers:
        assert [pair for pair, n in Counter(puller.seen).items() if n > 1] == []  # no repeat
        assert puller.has_all(final)  # no gap: every report, at its last revision


def assert_every_report_and_revision_kept(postgres_url: str, final: dict[str, int]) -> None:
    engine = make_engine(postgres_url)
    with make_session_factory(engine)() as db:
        held = dict(db.execute(select(Report.id, Report.revision)).all())
        revisions = dict(db.execute(select(ReportRevision.report_id, func.count())
                                    .group_by(ReportRevision.report_id)).all())
    engine.dispose()
    assert len(final) == DEVICES * REPORTS_EACH
    assert held == final  # none lost, none doubled, each at its last revision
    assert revisions == final  # and every revision kept


# --- limits hold across replicas -----------------------------------------------------------
def test_five_wrong_passwords_spread_over_three_replicas_lock_the_account(
        cluster: Cluster) -> None:
    answers = []
    for n in range(5):
        port = cluster.ports[n % 3]
        answers.append(httpx.post(f"http://127.0.0.1:{port}{LOGIN}", timeout=60,
                                  json={"email": MEDIC[0], "password": f"guess {n}"}))
    assert [a.status_code for a in answers] == [401] * 5
    for port in cluster.ports:  # the right password now, on every replica
        locked = httpx.post(f"http://127.0.0.1:{port}{LOGIN}", timeout=60,
                            json={"email": MEDIC[0], "password": MEDIC[1]})
        assert locked.status_code == 429, locked.text


def test_parallel_wrong_codes_across_replicas_are_bounded(cluster: Cluster) -> None:
    challenge = httpx.post(f"{cluster.url}{LOGIN}", timeout=60,
                           json={"email": MFA_USER[0], "password": MFA_USER[1]})
    token = challenge.json()["error"]["mfa_token"]
    wrong = f"{(int(totp(at=datetime.now(UTC))) + 500_000) % 1_000_000:06d}"

    def guess(n: int) -> str:
        port = cluster.ports[n % 3]
        answer = httpx.post(f"http://127.0.0.1:{port}/api/v1/auth/mfa", timeout=60,
                            json={"mfa_token": token, "code": wrong})
        code: str = answer.json()["error"]["code"]
        return code

    with ThreadPoolExecutor(15) as pool:
        codes = Counter(pool.map(guess, range(15)))
    assert codes["invalid_mfa_code"] <= 5, codes  # at most the limit was ever checked
    # The rest: refused as too many, or after the challenge was ended by the limit.
    assert set(codes) <= {"invalid_mfa_code", "rate_limited", "invalid_mfa_token"}, codes


# --- mail survives a killed worker and a killed replica --------------------------------------
def test_mail_queued_while_the_worker_and_a_replica_die_goes_out_once(
        cluster: Cluster, smtp: SmtpServer, postgres_url: str) -> None:
    deployment = cluster.deployment
    deployment.workers[0].kill()
    port = cluster.ports[2]
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
        admin = http.post(LOGIN, json=dict(zip(("email", "password"), ADMIN, strict=True)))
        headers = {"Authorization": f"Bearer {admin.json()['access_token']}"}
        for n in range(5):
            made = http.post("/api/v1/users", headers=headers,
                             json={"email": f"welcome{n}@demo.local", "name": f"New {n}"})
            assert made.status_code == 201, made.text
    deployment.replicas[port].kill()  # the replica that queued them, gone too
    assert smtp.inbox.messages == []
    deployment.worker()
    deployment.worker()  # two workers racing for the same jobs
    for n in range(5):
        smtp.inbox.wait_for(f"welcome{n}@demo.local", timeout=120)
    engine = make_engine(postgres_url)
    with make_session_factory(engine)() as db:
        assert db.scalar(select(func.count()).where(MailJob.sent_at.is_(None))) == 0
    engine.dispose()
    assert sorted(m["To"] for m in smtp.inbox.messages) == [
        f"welcome{n}@demo.local" for n in range(5)]  # each exactly once
