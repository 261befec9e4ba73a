"""The client trusts the operating system's certificate store, and only it (issue 13).

A throwaway CA signs the certificate of a real `fieldserver serve --tls-cert`. The
client, in a child process, reaches it only where that CA is in the OS store: the
store file is bind-mounted over, with the CA added, in a private mount namespace
(`unshare`), so the machine's own store is never touched. SSL_CERT_FILE, SSL_CERT_DIR
and requests' bundle variables are not set for the child; setting REQUESTS_CA_BUNDLE to
the CA adds no trust, and neither does the certifi bundle requests ships with.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import os
import shutil
import ssl
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.support.smtp import free_port

pytestmark = pytest.mark.slow
OS_STORE = Path("/etc/ssl/certs/ca-certificates.crt")  # Debian's, where OpenSSL looks
CA_VARIABLES = ("SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")

CHILD = """
import sys
from fieldclient.plumbing.api import Api
from fieldclient.plumbing.errors import TlsError
api = Api(sys.argv[1], probe_timeout=10)
try:
    reach = api.probe().value
    answer = api.login("medic@demo.local", "Demo-Medic-2026!", None)
    print(reach, "token" if answer.get("access_token") else "no token")
except TlsError:
    print("untrusted")
"""


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def make_ca_and_server_cert(directory: Path) -> tuple[Path, Path, Path]:
    """(ca.pem, server chain, server key): a CA made for this test, and a certificate for
    localhost it signed. The CA's key is never written anywhere."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(_name("fieldclient test CA"))
          .issuer_name(_name("fieldclient test CA")).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number())
          .not_valid_before(now - dt.timedelta(hours=1))
          .not_valid_after(now + dt.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True,
                                       crl_sign=True, content_commitment=False,
                                       key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False,
                                       decipher_only=False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name("localhost"))
            .issuer_name(ca.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(hours=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False)
            .add_extension(x509.ExtendedKeyUsage([x509.ExtendedKeyUsageOID.SERVER_AUTH]),
                           critical=False)
            .sign(ca_key, hashes.SHA256()))
    ca_path, chain_path, key_path = (directory / n for n in ("ca.pem", "chain.pem", "key.pem"))
    ca_path.write_bytes(_pem(ca))
    chain_path.write_bytes(_pem(cert) + _pem(ca))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)
    return ca_path, chain_path, key_path


def _unshare() -> list[str]:
    """A private mount namespace: as root directly, otherwise inside a user namespace."""
    if not shutil.which("unshare") or not OS_STORE.is_file():
        pytest.skip("needs unshare(1) and Debian's CA store file")
    base = ["unshare", "--mount", "--propagation", "private"]
    command = base if os.geteuid() == 0 else ["unshare", "--user", "--map-root-user",
                                              *base[1:]]
    if subprocess.run([*command, "true"], capture_output=True).returncode != 0:
        pytest.skip("this machine does not allow a private mount namespace")
    return command


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    ca, chain, key = make_ca_and_server_cert(tmp_path)
    port, log = free_port(), tmp_path / "server.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "fieldserver.cli", "serve", "--demo",
             "--data-dir", str(tmp_path / "server"), "--port", str(port),
             "--tls-cert", str(chain), "--tls-key", str(key)],
            stdout=output, stderr=subprocess.STDOUT)
    url = f"https://localhost:{port}"
    trusting = ssl.create_default_context(cafile=str(ca))
    try:
        _wait_for_health(url, trusting, server, log)
        yield url, ca
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for_health(url: str, context: ssl.SSLContext, server: subprocess.Popen[bytes],
                     log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"fieldserver stopped: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/api/v1/health", context=context,  # noqa: S310
                                        timeout=2) as answer:
                if json.load(answer)["status"] == "ok":
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("fieldserver did not answer over HTTPS")


def _client_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CA_VARIABLES}
    return {**env, **extra}


def run_client(url: str, *, store: Path | None, env: dict[str, str]) -> str:
    """The client's own Api in a child; with `store`, that file is the OS store there."""
    python = [sys.executable, "-c", CHILD, url]
    if store is None:
        command = python
    else:
        mount = f"mount --bind {store} {OS_STORE} && exec \"$@\""
        command = [*_unshare(), "sh", "-c", mount, "sh", *python]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_a_ca_in_the_os_store_is_trusted(tls_server: tuple[str, Path], tmp_path: Path) -> None:
    url, ca = tls_server
    store = tmp_path / "store-with-ca.crt"
    store.write_bytes(OS_STORE.read_bytes() + b"\n" + ca.read_bytes())
    assert run_client(url, store=store, env=_client_env()) == "online token"


def test_a_ca_outside_the_os_store_is_not(tls_server: tuple[str, Path]) -> None:
    url, ca = tls_server
    assert run_client(url, store=None, env=_client_env()) == "untrusted"
    # requests' own variables cannot add trust, or turn verification off.
    assert run_client(url, store=None, env=_client_env(REQUESTS_CA_BUNDLE=str(ca))) == "untrusted"
    assert run_client(url, store=None, env=_client_env(CURL_CA_BUNDLE="")) == "untrusted"


def test_the_certifi_bundle_is_not_loaded(tls_server: tuple[str, Path], tmp_path: Path) -> None:
    """The CA added to the bundle requests would load (certifi's) gives no trust."""
    url, ca = tls_server
    import certifi

    planted = tmp_path / "certifi-with-ca.pem"
    planted.write_bytes(Path(certifi.where()).read_bytes() + b"\n" + ca.read_bytes())
    mount = f"mount --bind {planted} {certifi.where()} && exec \"$@\""
    done = subprocess.run([*_unshare(), "sh", "-c", mount, "sh", sys.executable, "-c", CHILD,
                           url], env=_client_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "untrusted"
