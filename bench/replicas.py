"""fieldserver replicas behind nginx on one PostgreSQL: reports pushed per second with 1
and with 3 replicas (the ratio, and the p95 of one upload), and reports pulled per
second through the change feed. Each run also says where the CPU went (replicas,
PostgreSQL, nginx, this load generator), read from /proc: on a 2-core machine that, not
the replica count, is what bounds the ratio.

Everything is real: a private PostgreSQL cluster (initdb), `fieldserver migrate`,
`fieldserver serve` processes, Debian's nginx (tests/support/).
"""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

from bench.common import Row, pct
from fieldserver.sealing import Sealer
from tests.support.nginx import load_balancer
from tests.support.postgres import private_postgres, throwaway_database
from tests.support.replicas import Deployment, migrate, sign_up_crews, upload_until_answered
from tests.support.smtp import SmtpServer, free_port

TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Pushed:
    per_second: float
    p95: float
    pulled_per_second: float
    cpu: dict[str, float]  # seconds of CPU by part


def cpu_seconds(pids: list[int]) -> float:
    """CPU used by these processes, and by their children that have ended (PostgreSQL's
    backends end with their connections: the postmaster's cutime holds them)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
    return total / TICKS


def children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == parent:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def part_pids(deployment: Deployment, postmaster: int) -> dict[str, list[int]]:
    """The processes of each part, now (backends come and go: read before and after)."""
    replicas = [p.process.pid for p in deployment.replicas.values() if p.process]
    nginx = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "cmdline").read_bytes().startswith(b"nginx"):
                    nginx.append(int(entry.name))
            except OSError:
                continue
    return {"replicas": replicas, "PostgreSQL": [postmaster, *children(postmaster)],
            "nginx": nginx}


def push_all(url: str, tokens: list[str], reports_each: int) -> list[float]:
    def device(token: str) -> list[float]:
        latencies = []
        with httpx.Client(base_url=url, timeout=60,
                          headers={"Authorization": f"Bearer {token}"}) as http:
            for n in range(reports_each):
                start = time.perf_counter()
                upload_until_answered(http, str(uuid.uuid4()), 1, f"bench report {n}")
                latencies.append(time.perf_counter() - start)
        return latencies

    with ThreadPoolExecutor(len(tokens)) as pool:
        return [t for each in pool.map(device, tokens) for t in each]


def pull_all(url: str, token: str) -> int:
    pulled, cursor = 0, "0"
    with httpx.Client(base_url=url, timeout=60,
                      headers={"Authorization": f"Bearer {token}"}) as http:
        while True:
            page = http.get("/api/v1/reports", params={"since": cursor, "limit": 200}).json()
            if not page["items"]:
                return pulled
            pulled, cursor = pulled + len(page["items"]), page["next_cursor"]


def one_configuration(cluster: str, postmaster: int, replicas: int, devices: int,
                      reports_each: int, home: Path) -> Pushed:
    with throwaway_database(cluster) as url:
        return _measured(url, postmaster, replicas, devices, reports_each,
                         home / f"replicas-{replicas}")


def _measured(url: str, postmaster: int, replicas: int, devices: int, reports_each: int,
              folder: Path) -> Pushed:
    keys = folder / "keys"
    folder.mkdir()
    Sealer.configured(None, keys)
    migrate(url, folder)
    ports = [free_port() for _ in range(replicas)]
    with SmtpServer() as smtp, load_balancer(ports) as lb:
        deployment = Deployment(url, folder, keys, smtp)
        try:
            for n, port in enumerate(ports):
                deployment.replica(port, lb, demo=n == 0)
            tokens = sign_up_crews(lb, devices)
            before = {part: cpu_seconds(pids)
                      for part, pids in part_pids(deployment, postmaster).items()}
            here = time.process_time()
            start = time.perf_counter()
            latencies = push_all(lb, tokens, reports_each)
            elapsed = time.perf_counter() - start
            cpu = {part: cpu_seconds(pids) - before[part]
                   for part, pids in part_pids(deployment, postmaster).items()}
            cpu["load generator"] = time.process_time() - here
            start = time.perf_counter()
            pulled = pull_all(lb, tokens[0])
            pulled_per_second = pulled / (time.perf_counter() - start)
        finally:
            deployment.stop()
    return Pushed(len(latencies) / elapsed, pct(latencies, 95), pulled_per_second,
                  {**cpu, "wall": elapsed})


def where_the_time_went(pushed: Pushed) -> str:
    wall = pushed.cpu["wall"]
    shares = [f"{part} {seconds / wall:.2f}" for part, seconds in pushed.cpu.items()
              if part != "wall"]
    return "CPU cores busy: " + ", ".join(shares)


def run(quick: bool) -> list[Row]:
    devices, reports_each = (16, 10) if quick else (32, 30)
    with private_postgres() as cluster, tempfile.TemporaryDirectory() as tmp:
        postmaster = _postmaster(cluster)
        one = one_configuration(cluster, postmaster, 1, devices, reports_each, Path(tmp))
        three = one_configuration(cluster, postmaster, 3, devices, reports_each, Path(tmp))
    pushes = devices * reports_each
    return [
        (f"push via nginx, 3 replicas ({pushes} reports, {devices} devices)",
         f"{three.per_second:.0f} reports/s", f"1 replica: {one.per_second:.0f} reports/s",
         f"{three.per_second / one.per_second:.2f}x"),
        ("push via nginx, p95 of one upload",
         f"3 replicas: {three.p95 * 1000:.0f} ms", f"1 replica: {one.p95 * 1000:.0f} ms",
         f"{three.p95 / one.p95:.2f}x"),
        ("pull the feed via nginx (limit 200)", f"{three.pulled_per_second:.0f} reports/s",
         f"1 replica: {one.pulled_per_second:.0f} reports/s",
         f"{three.pulled_per_second / one.pulled_per_second:.2f}x"),
        ("  where the time went, 1 replica", where_the_time_went(one), "", ""),
        ("  where the time went, 3 replicas", where_the_time_went(three), "", ""),
        ("  this machine", f"{os.cpu_count()} cores", "", ""),
    ]


def _postmaster(cluster: str) -> int:
    engine = create_engine(cluster.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        data = conn.scalar(text("SHOW data_directory"))
    engine.dispose()
    return int(Path(str(data), "postmaster.pid").read_text().split()[0])
