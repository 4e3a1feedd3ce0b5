"""What someone on the network path can do to a request that only a CRC32 protects.

:func:`crc32_twin` changes one byte of a body and four more so that the length and the CRC32 stay
the same: a CRC is linear over GF(2), so the four bytes are the solution of 32 linear equations
(microseconds of work). :func:`outside_address` is an address of this machine that is not loopback,
so a connection to it counts as one to another machine (plain HTTP there is "in the clear").
"""

from __future__ import annotations

import socket
import zlib


def _linear(data: bytes) -> int:
    """The linear part of CRC32 (CRC32 is affine: crc(a ^ b) = crc(a) ^ crc(b) ^ crc(zeros))."""
    return zlib.crc32(data) ^ zlib.crc32(bytes(len(data)))


def crc32_twin(data: bytes, at: int, fix: int) -> bytes:
    """``data`` with byte ``at`` inverted and bytes ``fix .. fix+3`` chosen so that the result has the
    same length and CRC32 as ``data`` (``fix`` must not overlap ``at``)."""
    assert not fix <= at < fix + 4, "the four fixed bytes must not include the changed one"
    forged = bytearray(data)
    forged[at] ^= 0xFF
    target = zlib.crc32(bytes(forged)) ^ zlib.crc32(data)  # what the four bytes must cancel
    basis: dict[int, tuple[int, int]] = {}  # leading bit -> (CRC difference, the free bits giving it)
    for bit in range(32):
        unit = bytearray(len(data))
        unit[fix + bit // 8] = 1 << (bit % 8)
        value, combo = _linear(bytes(unit)), 1 << bit
        for lead in range(31, -1, -1):
            if not (value >> lead) & 1:
                continue
            if lead not in basis:
                basis[lead] = (value, combo)
                break
            value, combo = value ^ basis[lead][0], combo ^ basis[lead][1]
    bits = 0
    for lead in range(31, -1, -1):
        if (target >> lead) & 1:
            target, bits = target ^ basis[lead][0], bits ^ basis[lead][1]
    assert target == 0, "four consecutive bytes always reach every CRC32"
    for k in range(4):
        forged[fix + k] ^= (bits >> (8 * k)) & 0xFF
    twin = bytes(forged)
    assert twin != data and len(twin) == len(data) and zlib.crc32(twin) == zlib.crc32(data)
    return twin


def outside_address() -> str | None:
    """An IPv4 address of this machine that is not loopback (the one its default route leaves from),
    or None when it has none. Nothing is sent: connecting a UDP socket only picks the route."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never answered, only routed
            address = str(probe.getsockname()[0])
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address
