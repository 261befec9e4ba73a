"""The one HTTP session the client talks through: requests over truststore.

Why each piece:
- truststore's SSLContext verifies against the operating system's store (on Windows the
  agency's internal CA, installed by its IT through group policy, is trusted with no
  step of ours). certifi's bundle, which requests would otherwise load as well, is never
  loaded, and neither is a bundle named by REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE: the
  trust decision is the operating system's alone, and verification cannot be turned off.
- No cookies are kept: the protocol has none, and a jar shared between threads is state
  that no call should depend on.
- Proxies from the environment (and, on Windows, the system settings) still apply.
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from http.cookiejar import DefaultCookiePolicy
from typing import Any

import requests
import truststore
from requests.adapters import HTTPAdapter


class _SystemTrustAdapter(HTTPAdapter):
    """Connection pools whose TLS context is the OS store's, with verification forced on."""

    def __init__(self) -> None:
        self._context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        self._context.minimum_version = ssl.TLSVersion.TLSv1_2
        super().__init__(pool_connections=2, pool_maxsize=8)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ssl_context"] = self._context
        super().init_poolmanager(*args, **kwargs)

    def proxy_manager_for(self, proxy: str, **kwargs: Any) -> Any:
        kwargs["ssl_context"] = self._context
        return super().proxy_manager_for(proxy, **kwargs)

    def send(self, request: requests.PreparedRequest, stream: bool = False,
             timeout: float | tuple[float, float] | tuple[float, None] | None = None,
             verify: bool | str = True, cert: Any = None,
             proxies: Mapping[str, str] | None = None) -> requests.Response:
        # Whatever the environment said (REQUESTS_CA_BUNDLE, ...): never off, never a file.
        return super().send(request, stream=stream, timeout=timeout, verify=True, cert=cert,
                            proxies=proxies)

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        super().cert_verify(conn, url, verify, cert)  # type: ignore[no-untyped-call]
        conn.ca_certs = conn.ca_cert_dir = None  # requests' default is certifi's bundle


def new_session() -> requests.Session:
    session = requests.Session()
    adapter = _SystemTrustAdapter()
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    session.headers["User-Agent"] = "fieldclient"
    return session
