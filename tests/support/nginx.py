"""nginx (Debian's) as the load balancer in front of fieldserver replicas, as
docs/deployment.md sets it up: round robin, a replica that refuses connections or
answers 502/503 is passed over, and a request is tried on the next replica only when
it is safe to (nginx's default: never a POST that reached a replica)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.smtp import free_port

CONFIG = """\
{user}
worker_processes 1;
error_log {home}/error.log warn;
pid {home}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {home}/body;
    proxy_temp_path {home}/proxy;
    fastcgi_temp_path {home}/fastcgi;
    uwsgi_temp_path {home}/uwsgi;
    scgi_temp_path {home}/scgi;
{upstream}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 11m;
        location / {{
            proxy_pass http://fieldserver;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_next_upstream error timeout http_502 http_503;
            proxy_connect_timeout 2s;
            proxy_read_timeout 60s;
        }}
    }}
}}
"""


def upstream_block(ports: list[int]) -> str:
    """The replicas: one that fails is left alone for 2 s, then tried again."""
    servers = "".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=2s;\n"
                      for p in ports)
    return f"    upstream fieldserver {{\n{servers}        keepalive 32;\n    }}"


def wait_listening(port: int, process: subprocess.Popen[bytes], log: Path,
                   timeout: float = 30.0) -> None:
    """Until the port accepts a connection (or the process has died: then its log)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"exited with {process.returncode}: "
                        f"{log.read_text()[-2000:] if log.exists() else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)  # polling a port: there is no signal to wait on
    pytest.fail(f"nothing listens on {port} after {timeout} s")


def _binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx")
                                      else None)
    if found is None:  # ./scripts/test.sh installs Debian's nginx package
        pytest.fail("nginx is not here: run the tests through ./scripts/test.sh")
    return found


@contextmanager
def load_balancer(ports: list[int]) -> Iterator[str]:
    """nginx on a free loopback port in front of these replicas; yields its base URL."""
    home = Path(tempfile.mkdtemp(prefix="fieldtest-nginx-"))
    port = free_port()
    # As root, nginx's workers would switch to nobody, who cannot write the temp dirs.
    user = "user root;" if os.geteuid() == 0 else ""
    (home / "nginx.conf").write_text(CONFIG.format(user=user, home=home, port=port,
                                                   upstream=upstream_block(ports)))
    with open(home / "stderr.log", "wb") as stderr:
        process = subprocess.Popen([_binary(), "-p", str(home), "-c",
                                    str(home / "nginx.conf"), "-g", "daemon off;"],
                                   stderr=stderr)
    try:
        wait_listening(port, process, home / "error.log")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(home, ignore_errors=True)
