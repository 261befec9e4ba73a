"""A fault-injecting HTTP proxy, written for the sync tests.

Each request from the client gets a fault from `plan()`:
  pass     forward it, return the answer
  drop     close the connection before anything reaches the server
  delay    wait, then forward
  lost     forward it (the server applies it), then close without answering
  reset    forward it, send half the answer, then reset the connection (RST)
  500/503  answer that status with Retry-After, without forwarding
  twice    deliver the request to the server twice, return the second answer
"""

from __future__ import annotations

import contextlib
import random
import socket
import struct
import threading
import time
from collections.abc import Callable

import h11

FAULTS = ("drop", "delay", "lost", "reset", "500", "503", "twice")


class FaultProxy:
    def __init__(self, upstream_port: int, fault_rate: float = 0.0, seed: int = 7,
                 faults: tuple[str, ...] = FAULTS) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.fault_rate = fault_rate
        self.faults = faults
        self.delay = 0.05  # seconds, for the "delay" fault
        # Cleared: every request waits here before it is forwarded (a network that hangs).
        self.gate = threading.Event()
        self.gate.set()
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self.counts: dict[str, int] = {}
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def plan(self) -> str:
        with self._lock:
            faulty = self._rng.random() < self.fault_rate
            fault = self._rng.choice(self.faults) if faulty else "pass"
            self.counts[fault] = self.counts.get(fault, 0) + 1
            return fault

    def close(self) -> None:
        self._closed = True
        self._listener.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        with contextlib.closing(client):
            conn = h11.Connection(h11.SERVER)
            while True:
                request = _read_request(client, conn)
                if request is None:
                    return
                if not self._answer(client, conn, request, self.plan()):
                    return
                if conn.our_state is h11.MUST_CLOSE:
                    return
                conn.start_next_cycle()

    def _answer(self, client: socket.socket, conn: h11.Connection,
                request: tuple[h11.Request, bytes], fault: str) -> bool:
        """Returns False when the connection must end."""
        if fault == "drop":
            return False
        if fault in ("500", "503"):
            _send(client, conn, 500 if fault == "500" else 503,
                  [(b"retry-after", b"0"), (b"content-type", b"application/json")],
                  b'{"error":{"code":"unavailable","message":"Injected fault."}}')
            return True
        self.gate.wait(60)
        if fault == "delay":
            time.sleep(self.delay)
        try:
            status, headers, body = _forward(self.upstream, request)
            if fault == "twice":
                status, headers, body = _forward(self.upstream, request)
        except (OSError, h11.RemoteProtocolError):
            # The upstream broke mid-answer (a load balancer whose replica was killed):
            # the client sees its connection end, as it would without this proxy.
            return False
        if fault == "lost":
            return False
        if fault == "reset":
            raw = _serialize(conn, status, headers, body)
            client.sendall(raw[: len(raw) // 2])
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return False
        client.sendall(_serialize(conn, status, headers, body))
        return True


def _read_request(sock: socket.socket, conn: h11.Connection) -> tuple[h11.Request, bytes] | None:
    request, body = None, b""
    while True:
        event = conn.next_event()
        if event is h11.NEED_DATA:
            try:
                data = sock.recv(65536)
            except OSError:
                return None
            conn.receive_data(data)
            if not data and request is None:
                return None
            continue
        if isinstance(event, h11.Request):
            request = event
        elif isinstance(event, h11.Data):
            body += bytes(event.data)
        elif isinstance(event, h11.EndOfMessage):
            assert request is not None
            return request, body
        elif isinstance(event, h11.ConnectionClosed):
            return None


def _forward(upstream: tuple[str, int], request: tuple[h11.Request, bytes]
             ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    head, body = request
    headers = [(k, v) for k, v in head.headers if k.lower() not in (b"connection",)]
    with socket.create_connection(upstream) as sock:
        conn = h11.Connection(h11.CLIENT)
        sock.sendall(conn.send(h11.Request(method=head.method, target=head.target,
                                           headers=[*headers, (b"connection", b"close")])))
        if body:
            sock.sendall(conn.send(h11.Data(data=body)))
        sock.sendall(conn.send(h11.EndOfMessage()))
        status, answer_headers, answer = 0, [], b""
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA:
                conn.receive_data(sock.recv(65536))
            elif isinstance(event, h11.Response):
                status = event.status_code
                answer_headers = [(k, v) for k, v in event.headers
                                  if k.lower() not in (b"connection", b"content-length",
                                                       b"transfer-encoding")]
            elif isinstance(event, h11.Data):
                answer += bytes(event.data)
            elif isinstance(event, h11.EndOfMessage | h11.ConnectionClosed):
                return status, answer_headers, answer


def _serialize(conn: h11.Connection, status: int, headers: list[tuple[bytes, bytes]],
               body: bytes) -> bytes:
    full = [*headers, (b"content-length", str(len(body)).encode())]
    return (conn.send(h11.Response(status_code=status, headers=full)) or b"") + \
        (conn.send(h11.Data(data=body)) or b"") + (conn.send(h11.EndOfMessage()) or b"")


def _send(sock: socket.socket, conn: h11.Connection, status: int,
          headers: list[tuple[bytes, bytes]], body: bytes) -> None:
    sock.sendall(_serialize(conn, status, headers, body))


Plan = Callable[[], str]
