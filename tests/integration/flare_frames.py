"""A raw TCP client of the flare port that speaks frames by hand (libmagma/frame.h), for
tests that must send what a real client never would."""

import socket
import struct


class FlareConnection:
    """A raw TCP connection to the flare port, speaking frames (libmagma/frame.h)."""

    HEADER = struct.Struct(">IQHH")  # payload_length, request_id, op, status
    OP_PING = 1

    def __init__(self, port, timeout=10.0):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)

    def close(self):
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def send_frame(self, request_id, op, payload, status=0, length=None):
        length = len(payload) if length is None else length
        self.sock.sendall(self.HEADER.pack(length, request_id, op, status) + payload)

    @staticmethod
    def credentials(uid=0, gid=0, groups=()):
        return struct.pack(">III", uid, gid, len(groups)) + b"".join(
            struct.pack(">I", g) for g in groups)

    def _recv_exactly(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                return None
            buf += chunk
        return buf

    def recv_frame(self):
        """(request_id, op, status, payload), or None when the server closed the connection."""
        try:
            header = self._recv_exactly(self.HEADER.size)
            if header is None:
                return None
            length, request_id, op, status = self.HEADER.unpack(header)
            payload = self._recv_exactly(length)
            if payload is None:
                return None
            return request_id, op, status, payload
        except (ConnectionResetError, BrokenPipeError):
            return None

    def ping(self, request_id=1):
        self.send_frame(request_id, self.OP_PING, self.credentials())
        return self.recv_frame()


def decode_strings(payload, count):
    """count u32-length-prefixed strings from payload; raises ValueError on a bad layout."""
    out, pos = [], 0
    for _ in range(count):
        if pos + 4 > len(payload):
            raise ValueError("truncated string length")
        (n,) = struct.unpack_from(">I", payload, pos)
        pos += 4
        if pos + n > len(payload):
            raise ValueError("truncated string")
        out.append(payload[pos:pos + n].decode())
        pos += n
    if pos != len(payload):
        raise ValueError("trailing bytes")
    return out
