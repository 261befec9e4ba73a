"""docs/deployment.md, run: every `sh` block in order, with the site settings replaced by
this test's (a temp directory, loopback ports, the run's PostgreSQL, a real SMTP server),
and the packaged nginx site and systemd units checked by nginx and systemd-analyze."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import ssl
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.support.impostors import self_signed
from tests.support.nginx import wait_listening
from tests.support.replicas import wait_ready
from tests.support.smtp import SmtpServer, free_port

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "deployment.md"
PACKAGED = ROOT / "packaging" / "server"
pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def sh_blocks() -> list[str]:
    return re.findall(r"^```sh\n(.*?)^```", DOC.read_text(), flags=re.S | re.M)


def site_names(block: str) -> list[str]:
    return re.findall(r"^([A-Z_]+)=", block, flags=re.M)


@dataclass
class Site:
    settings: dict[str, str]
    background: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def env(self) -> dict[str, str]:
        path = f"{Path(sys.executable).parent}:{os.environ['PATH']}"
        return {**os.environ, "PATH": path, **self.settings}

    def run(self, block: str) -> str:
        done = subprocess.run(["bash", "-euo", "pipefail", "-c", block], env=self.env(),
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{block}\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def start(self, block: str) -> subprocess.Popen[bytes]:
        """A block that ends in `&`: its processes run, in their own group, until the end."""
        group = subprocess.Popen(["bash", "-c", f"{block}\nwait"], env=self.env(),
                                 start_new_session=True, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        self.background.append(group)
        return group

    def stop_background(self) -> None:
        for group in self.background:
            os.killpg(group.pid, signal.SIGTERM)
            group.wait(timeout=60)
        self.background.clear()

    def ports(self, block: str) -> list[int]:
        if "$PORTS" in block:
            return [int(p) for p in self.settings["PORTS"].split()]
        return [int(self.settings["PORT"])] if "fieldserver serve" in block else []


@pytest.fixture
def site(tmp_path: Path, postgres_url: str, smtp: SmtpServer) -> Iterator[Site]:
    ours = {"DATA": str(tmp_path / "data"), "PUBLIC_URL": "https://ems.example.org",
            "SMTP": f"{smtp.host}:{smtp.port}", "PORT": str(free_port()), "DB": postgres_url,
            "PORTS": " ".join(str(free_port()) for _ in range(3)),
            "KEYS": str(tmp_path / "etc" / "sealing-keys")}
    Path(ours["DATA"]).mkdir(mode=0o700)
    running = Site(ours)
    yield running
    running.stop_background()


def test_every_command_of_the_deployment_guide_runs(site: Site, tmp_path: Path) -> None:
    blocks = sh_blocks()
    assert blocks[0].startswith("# site")
    assert sorted(site_names(blocks[0])) == sorted(site.settings)  # each one replaced
    for block in blocks[1:]:
        if "nginx -t" in block:
            write_nginx_config(site, tmp_path)
        if block.startswith("pg_restore"):
            site.stop_background()  # the guide: stop the replicas and workers first
        if block.rstrip().endswith(("&", "& done")):
            started = site.start(block)
            for port in site.ports(block):
                wait_ready(f"http://127.0.0.1:{port}", started)
        else:
            site.run(block)
    check_what_the_guide_made(site)


def check_what_the_guide_made(site: Site) -> None:
    data = Path(site.settings["DATA"])
    backup = subprocess.run(["sqlite3", str(data / "fieldserver-backup.db"),
                             "SELECT count(*) FROM agencies"], capture_output=True, text=True)
    assert backup.returncode == 0 and backup.stdout.strip() == "0", backup.stderr
    assert (Path(site.settings["KEYS"]).stat().st_mode & 0o777) == 0o600
    assert (data / "fieldserver.dump").stat().st_size > 0
    engine = create_engine(site.settings["DB"].replace("postgresql://",
                                                       "postgresql+psycopg://", 1))
    with engine.connect() as conn:  # restored, and migrated: the schema is current
        assert conn.scalar(text("SELECT version_num FROM alembic_version")) is not None
        assert conn.scalar(text("SELECT count(*) FROM change_feed")) == 1
    engine.dispose()


def write_nginx_config(site: Site, tmp_path: Path) -> None:
    """The packaged site, with the test's replicas, certificate and a free port, inside a
    main configuration of the test's own; then nginx really serves through it."""
    cert, key = self_signed(tmp_path)
    packaged = (PACKAGED / "nginx-fieldserver.conf").read_text()
    upstream = "".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=2s;\n"
                       for p in site.settings["PORTS"].split())
    port = free_port()
    ours = (re.sub(r"(    server 127\.0\.0\.1:800\d .*\n)+", upstream, packaged)
            .replace("listen 443 ssl;", f"listen 127.0.0.1:{port} ssl;")
            .replace("/etc/ssl/fieldserver/fullchain.pem", str(cert))
            .replace("/etc/ssl/fieldserver/privkey.pem", str(key)))
    assert ours.count("127.0.0.1:") == 4, ours  # the upstream and listen were replaced
    home = Path(site.settings["DATA"])
    (home / "fieldserver.conf").write_text(ours)
    (home / "nginx-test.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"error_log {home}/nginx-error.log; pid {home}/nginx.pid;\nevents {{}}\n"
        + f"http {{ client_body_temp_path {home}/body; proxy_temp_path {home}/proxy;\n"
        + f"  include {home / 'fieldserver.conf'}; }}\n")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    serving = subprocess.Popen([nginx, "-c", str(home / "nginx-test.conf"),
                                "-g", "daemon off;"], stderr=subprocess.DEVNULL)
    try:
        wait_listening(port, serving, home / "nginx-error.log")
        trusted = ssl.create_default_context(cafile=str(cert))
        with httpx.Client(verify=trusted, timeout=30) as https:
            through = https.get(f"https://127.0.0.1:{port}/api/v1/ready",
                                headers={"Host": "ems.example.org"},
                                extensions={"sni_hostname": "localhost"})  # the cert's name
        assert through.status_code == 200, through.text
    finally:
        serving.terminate()
        serving.wait(timeout=30)


def unit_settings() -> dict[str, str]:
    lines = (PACKAGED / "fieldserver.env").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


@pytest.mark.parametrize("unit", sorted(p.name for p in PACKAGED.glob("*.service")))
def test_the_systemd_units_are_valid_and_run_what_the_guide_runs(unit: str,
                                                                 tmp_path: Path) -> None:
    packaged = (PACKAGED / unit).read_text()
    program = str(Path(sys.executable).parent / "fieldserver")
    for each in PACKAGED.glob("*.service"):  # with the units it names beside it
        (tmp_path / each.name).write_text(
            each.read_text().replace("/opt/fieldserver/bin/fieldserver", program)
            .replace("User=fieldserver\n", "")
            .replace("EnvironmentFile=/etc/fieldserver/fieldserver.env",
                     f"EnvironmentFile={PACKAGED / 'fieldserver.env'}"))
    verify = subprocess.run(["systemd-analyze", "verify", "--man=no", str(tmp_path / unit)],
                            capture_output=True, text=True, timeout=60,
                            env={**os.environ, "SYSTEMD_UNIT_PATH": f"{tmp_path}:"})
    assert verify.returncode == 0, verify.stderr
    found = re.search(r"^ExecStart=(.*)$", packaged.replace("\\\n", " "), re.M)
    assert found is not None
    words = shlex.split(found.group(1))
    assert words[0] == "/opt/fieldserver/bin/fieldserver"
    assert f"fieldserver {words[1]}" in DOC.read_text()  # the guide runs the same command
    settings = unit_settings()
    arguments = [re.sub(r"\$\{(\w+)\}", lambda m: settings[m.group(1)], w)
                 .replace("%i", "8001") for w in words[1:]]
    parsed = subprocess.run([program, *arguments, "--help"], capture_output=True, text=True,
                            timeout=60, env={**os.environ, **settings})
    assert parsed.returncode == 0, parsed.stderr  # every option the unit gives exists


def test_the_containerfile_installs_a_server_that_runs(tmp_path: Path) -> None:
    """No container engine runs here, so the image's own steps are replayed: the files it
    copies, its `uv sync`, then the server it installed migrates a database."""
    containerfile = (PACKAGED / "Containerfile").read_text().replace("\\\n", " ")
    for sources in re.findall(r"^COPY (.+) \S+$", containerfile, flags=re.M):
        for source in sources.split():
            copy = shutil.copytree if (ROOT / source).is_dir() else shutil.copy
            copy(ROOT / source, tmp_path / source)
    sync = re.search(r"(uv sync [^&\n]*)", containerfile)
    assert sync is not None
    uv = shutil.which("uv") or str(ROOT / ".tools" / "uv")
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    done = subprocess.run([uv, *shlex.split(sync.group(1))[1:]], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    program = tmp_path / ".venv" / "bin" / "fieldserver"
    migrated = subprocess.run([str(program), "migrate", "--data-dir", str(tmp_path / "data")],
                              capture_output=True, text=True, timeout=120)
    assert migrated.returncode == 0 and "The schema is at" in migrated.stdout, migrated.stderr
    assert not list(tmp_path.glob(".venv/lib/python*/site-packages/PySide6"))  # server only
