"""The change feed never skips a change (fieldserver/feed.py): attacked with the race
that loses rows in sync engines, a change that commits after a later one."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update

from fieldserver import feed, reports
from fieldserver.mail import SmtpTransport
from fieldserver.models import Incident, Report, User
from tests.helpers import MEDIC, error_code
from tests.support.agency import RestartableServer
from tests.support.clock import FakeClock
from tests.support.reports import upload_body
from tests.support.server import LiveServer, ServerThread
from tests.support.smtp import SmtpServer


@pytest.fixture
def pg_server(postgres_url: str, smtp: SmtpServer, clock: FakeClock) -> Iterator[LiveServer]:
    with ServerThread(postgres_url, SmtpTransport(smtp.host, smtp.port, insecure=True),
                      clock) as live:
        yield live


def medic_writer(server: LiveServer) -> reports.Writer:
    with server.ctx.sessions() as db:
        user = db.scalars(select(User).where(User.email == MEDIC[0])).one()
        return reports.Writer(user.agency_id, user.id, user.email, unlocker=False)


def put(client: httpx.Client, report_id: str, author_id: int) -> httpx.Response:
    return client.put(f"/api/v1/reports/{report_id}", json=upload_body({}, author_id),
                      headers={"Idempotency-Key": f"{report_id}:1"})


def pull(client: httpx.Client, what: str, since: str) -> tuple[list[dict[str, Any]], str]:
    page = client.get(f"/api/v1/{what}", params={"since": since, "limit": 500}).json()
    return page["items"], page["next_cursor"]


@pytest.mark.postgres
def test_a_report_that_commits_late_is_pulled_after_one_that_committed_first(
        pg_server: LiveServer) -> None:
    writer = medic_writer(pg_server)
    with pg_server.as_user(*MEDIC) as medic:
        _, start = pull(medic, "reports", "0")
        late, early = str(uuid.uuid4()), str(uuid.uuid4())
        # A replica is mid-upload of `late`: its transaction took its place in the feed
        # and has not committed, while another replica's upload of `early` commits.
        with pg_server.ctx.sessions() as slow:
            upload = reports.Upload(late, f"{late}:1", None, upload_body({}, writer.user_id))
            assert reports.apply(slow, writer, upload, pg_server.clock.now()).status == 201
            slow.flush()
            assert put(medic, early, writer.user_id).status_code == 201
            first, cursor = pull(medic, "reports", start)  # a device pulls meanwhile
            slow.commit()
        second, _ = pull(medic, "reports", cursor)
    seen = [item["id"] for item in first + second]
    assert sorted(seen) == sorted([late, early])  # each once: none skipped, none repeated


@pytest.mark.postgres
def test_an_incident_that_commits_late_is_not_skipped(pg_server: LiveServer) -> None:
    writer = medic_writer(pg_server)
    with pg_server.as_user(*MEDIC) as medic:
        _, start = pull(medic, "incidents", "0")
        with pg_server.ctx.sessions() as slow, pg_server.ctx.sessions() as quick:
            late, early = (incident(writer.agency_id, pg_server, number)
                           for number in ("LATE", "EARLY"))
            for db, row in ((slow, late), (quick, early)):
                feed.stamp(db, row)
                db.add(row)
                db.flush()
            quick.commit()
            first, cursor = pull(medic, "incidents", start)
            slow.commit()
        second, _ = pull(medic, "incidents", cursor)
    assert sorted(i["number"] for i in first + second) == ["EARLY", "LATE"]


def incident(agency_id: int, server: LiveServer, number: str) -> Incident:
    now = server.clock.now()
    return Incident(id=str(uuid.uuid4()), agency_id=agency_id, number=number, unit="M7",
                    address="1 Main St", nature="Fall", dispatched_at=now, updated_at=now)


@pytest.mark.postgres
def test_after_a_restore_into_a_younger_cluster_new_changes_follow_the_old_cursors(
        postgres_url: str, smtp: SmtpServer, clock: FakeClock) -> None:
    """A dump restored into a new cluster brings the old cluster's transaction ids in
    its rows, while the new cluster counts from low again."""
    agency = RestartableServer(postgres_url, SmtpTransport(smtp.host, smtp.port,
                                                           insecure=True), clock)
    live = agency.start()
    try:
        author = medic_writer(live).user_id
        with live.as_user(*MEDIC) as medic:
            assert put(medic, str(uuid.uuid4()), author).status_code == 201
            _, cursor = pull(medic, "reports", "0")
        older_cluster = 10**9  # how far ahead the cluster the dump came from had counted
        with live.ctx.sessions() as db:
            db.execute(update(Report).values(txid=Report.txid + older_cluster))
            db.commit()
        held = feed.Position.parse(cursor)
        cursor = str(feed.Position(held.txid + older_cluster, held.seq))  # a device's
        agency.stop()
        live = agency.start()  # its migrations rebase the feed
        with live.as_user(*MEDIC) as medic:
            new = str(uuid.uuid4())
            assert put(medic, new, author).status_code == 201
            assert [i["id"] for i in pull(medic, "reports", cursor)[0]] == [new]
    finally:
        agency.stop()


def test_cursors_from_before_positions_still_work_and_forged_ones_are_refused(
        server: LiveServer) -> None:
    with server.as_user(*MEDIC) as medic:
        items, cursor = pull(medic, "incidents", "0")
        assert len(items) == 20
        assert pull(medic, "incidents", "15")[0] == items[15:]  # a cursor a device held
        assert pull(medic, "incidents", cursor)[0] == []
        for forged in ("-1", "1.2.3", "x", "1." + "9" * 19, "9" * 20, "1e3", " 1"):
            answer = medic.get("/api/v1/incidents", params={"since": forged})
            assert error_code(answer, 422) == "invalid_cursor", forged
        assert error_code(medic.get("/api/v1/reports", params={"since": "9" * 41}),
                          422) in ("invalid_cursor", "invalid_request")
