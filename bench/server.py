"""fieldserver benchmarks, each with a same-run baseline and the ratio:
- sign-in latency (real HTTP, production Argon2id) against a bare Argon2id verify;
- bulk import rows/s against creating the same users one request at a time.
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

import httpx

from bench.common import Row, pct, timed
from fieldserver.mail import OutboxTransport
from fieldserver.passwords import PRODUCTION, Hasher
from fieldserver.server import BackgroundServer, ServerOptions

ADMIN = ("admin@demo.local", "Demo-Admin-2026!")
MEDIC = ("medic@demo.local", "Demo-Medic-2026!")


def csv_rows(prefix: str, n: int, password: str = "") -> bytes:
    lines = ["email,name,role,password"]
    lines += [f"{prefix}{i}@bench.local,Bench {prefix} {i},User,{password}" for i in range(n)]
    return ("\n".join(lines) + "\n").encode()


def bench_login(client: httpx.Client, repeat: int) -> list[Row]:
    hasher = Hasher(PRODUCTION)
    stored = hasher.hash(MEDIC[1])
    bare = timed(lambda: hasher.verify(stored, MEDIC[1]), repeat)

    def login() -> None:
        client.post("/api/v1/auth/login",
                    json={"email": MEDIC[0], "password": MEDIC[1]}).raise_for_status()

    login()  # warm the connection and the server's caches
    http = timed(login, repeat)
    p50, base = statistics.median(http), statistics.median(bare)
    return [
        ("login p50 (HTTP)", f"{p50 * 1000:.0f} ms", f"{base * 1000:.0f} ms bare verify",
         f"{p50 / base:.2f}x"),
        ("login p95 (HTTP)", f"{pct(http, 95) * 1000:.0f} ms",
         f"{pct(bare, 95) * 1000:.0f} ms bare verify", f"{pct(http, 95) / pct(bare, 95):.2f}x"),
        ("Argon2 cost", PRODUCTION.describe(), "", ""),
    ]


def bench_import(client: httpx.Client, rows: int, singles: int) -> list[Row]:
    def one_by_one() -> None:
        for i in range(singles):
            client.post("/api/v1/users", json={"email": f"single{i}@bench.local",
                                               "name": f"Single {i}",
                                               "send_welcome": False}).raise_for_status()

    single_rate = singles / timed(one_by_one, 1)[0]

    def bulk() -> None:
        response = client.post("/api/v1/users/import",
                               files={"file": ("u.csv", csv_rows("bulk", rows), "text/csv")},
                               data={"send_welcome": "false"}, timeout=120)
        response.raise_for_status()

    seconds = timed(bulk, 1)[0]
    return [(f"import {rows} rows (CSV)", f"{rows / seconds:,.0f} rows/s ({seconds:.2f} s)",
             f"{single_rate:,.0f} users/s one POST each", f"{rows / seconds / single_rate:.1f}x")]


def bench_import_passwords(client: httpx.Client, rows: int) -> list[Row]:
    data = csv_rows("pw", rows, password="a long bench password 1")
    seconds = timed(lambda: client.post(
        "/api/v1/users/import", files={"file": ("u.csv", data, "text/csv")},
        data={"send_welcome": "false"}, timeout=300).raise_for_status(), 1)[0]
    return [(f"import {rows} rows with passwords", f"{rows / seconds:,.1f} rows/s",
             "Argon2id per row, hashed in parallel", "")]


def run(quick: bool) -> list[Row]:
    repeat, singles = (10, 50) if quick else (40, 200)
    with tempfile.TemporaryDirectory() as tmp:
        sock, url = BackgroundServer.listen()
        options = ServerOptions(database_url=f"sqlite:///{Path(tmp) / 'bench.db'}",
                                public_url=url, mail=OutboxTransport(Path(tmp) / "mail"))
        with BackgroundServer(options, sock), httpx.Client(base_url=url, timeout=60) as anon:
            token = anon.post("/api/v1/auth/login", json={"email": ADMIN[0],
                                                          "password": ADMIN[1]}).json()
            rows = bench_login(anon, repeat)
            with httpx.Client(base_url=url, timeout=60,
                              headers={"Authorization": f"Bearer {token['access_token']}"}) as c:
                rows += bench_import(c, 1000, singles)
                rows += bench_import_passwords(c, 20 if quick else 50)
    return rows
