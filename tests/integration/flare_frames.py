"""A raw client of the flare port that speaks frames by hand (libmagma/frame.h), for
tests that must send what a real client never would. The port speaks TLS with the lava
key's PSK (libmagma/tls_context.h): the frames go through `openssl s_client`, which this
module derives the PSK for, independently of libmagma."""

import hashlib
import hmac
import socket
import struct
import subprocess

from magma_fixture import TEST_SECRET

PSK_IDENTITY = "magma-lava"


def lava_psk(key):
    """The TLS PSK of lava key (str): HKDF-SHA256 (RFC 5869) with Magma's salt and info,
    one expand block, as libmagma/tls_context.cc derives it."""
    prk = hmac.new(b"magma lava key v1", key.encode(), hashlib.sha256).digest()
    return hmac.new(prk, b"magma tls1.3 external psk\x01", hashlib.sha256).digest()


def tls_tunnel(address, port, key):
    """(sock, proc): bytes written to sock reach address:port inside TLS under key's PSK,
    and the answers come back in clear, through the openssl s_client process proc. When
    the volcano closes the connection (or refuses the handshake), proc exits and sock
    reads end of file; proc's stderr says why."""
    ours, theirs = socket.socketpair()
    proc = subprocess.Popen(
        ["openssl", "s_client", "-connect", "%s:%d" % (address, port), "-tls1_3",
         "-ciphersuites", "TLS_AES_128_GCM_SHA256", "-psk", lava_psk(key).hex(),
         "-psk_identity", PSK_IDENTITY, "-quiet"],
        stdin=theirs, stdout=theirs, stderr=subprocess.PIPE)
    theirs.close()
    return ours, proc


class FlareConnection:
    """A connection to the flare port, speaking frames (libmagma/frame.h): TLS under key
    (the fixtures' lava key by default), or plain TCP when key is None."""

    HEADER = struct.Struct(">IQHH")  # payload_length, request_id, op, status
    OP_PING = 1

    def __init__(self, port, timeout=10.0, key=TEST_SECRET, address="127.0.0.1"):
        self.proc = None
        if key is None:
            self.sock = socket.create_connection((address, port), timeout=timeout)
        else:
            self.sock, self.proc = tls_tunnel(address, port, key)
            self.sock.settimeout(timeout)

    def close(self):
        """Closes the connection; returns what s_client wrote to stderr (b"" for TCP)."""
        self.sock.close()
        if self.proc is None:
            return b""
        self.proc.kill()
        return self.proc.communicate()[1]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def send_frame(self, request_id, op, payload, status=0, length=None):
        length = len(payload) if length is None else length
        self.sock.sendall(self.HEADER.pack(length, request_id, op, status) + payload)

    @staticmethod
    def credentials(uid=0, gid=0, groups=(), client=b""):
        return (struct.pack(">III", uid, gid, len(groups))
                + b"".join(struct.pack(">I", g) for g in groups)
                + struct.pack(">I", len(client)) + client)

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
