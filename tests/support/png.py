"""PNG images made without Qt, for the server's and the store's signature tests."""

from __future__ import annotations

import base64
import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int = 300, height: int = 100, *, stroke: bool = True) -> bytes:
    """A greyscale image: white, with a dark diagonal stroke unless `stroke` is False."""
    rows = []
    for y in range(height):
        ink = {x for x in range(width) if stroke and abs(x * height - y * width) < width * 2}
        rows.append(b"\x00" + bytes(0 if x in ink else 255 for x in range(width)))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(b"".join(rows))) + _chunk(b"IEND", b""))


def forged_header(width: int, height: int) -> bytes:
    """A PNG header claiming a size, with no pixels behind it (a decompression bomb's
    shape: only its header is ever read)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IEND", b"")


def b64(image: bytes) -> str:
    return base64.b64encode(image).decode()
