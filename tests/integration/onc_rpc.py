"""A raw ONC RPC client (RFC 5531) over UDP and TCP, for tests that must send what no
real client would: calls are built by hand from XDR pieces, replies parsed field by field.
TCP calls go in records (record marking, section 11), UDP calls in single datagrams."""

import os
import socket
import struct

MSG_CALL, MSG_REPLY = 0, 1
MSG_ACCEPTED, MSG_DENIED = 0, 1
SUCCESS, PROG_UNAVAIL, PROG_MISMATCH, PROC_UNAVAIL, GARBAGE_ARGS, SYSTEM_ERR = range(6)
RPC_MISMATCH, AUTH_ERROR = 0, 1
AUTH_NULL, AUTH_UNIX = 0, 1
LAST_FRAGMENT = 0x80000000
MAX_REPLY = 1 << 20  # no reply of NFS v2 or MOUNT v1 comes near it


def uint(*values):
    return b"".join(struct.pack(">I", v & 0xFFFFFFFF) for v in values)


def opaque(data, length=None):
    """Variable-length opaque: its length (or a lying one) and the bytes padded to 4."""
    length = len(data) if length is None else length
    return uint(length) + data + b"\0" * (-len(data) % 4)


def string(text):
    return opaque(text.encode() if isinstance(text, str) else text)


def auth_null():
    return uint(AUTH_NULL) + opaque(b"")


def auth_unix(uid, gid, gids=(), machine="onc-rpc-test"):
    body = uint(0) + string(machine) + uint(uid, gid, len(gids), *gids)
    return uint(AUTH_UNIX) + opaque(body)


def call_header(xid, prog, vers, proc, cred=None, rpcvers=2):
    return uint(xid, MSG_CALL, rpcvers, prog, vers, proc) + (cred or auth_null()) + auth_null()


class Reply:
    """A parsed reply: xid, stat (MSG_ACCEPTED or MSG_DENIED), accept_stat or reject_stat,
    mismatch (low, high) when there is one, auth_stat for AUTH_ERROR, and body: the
    results after the accept_stat."""

    def __init__(self, data):
        self.raw = data
        self.xid, mtype, self.stat = struct.unpack_from(">III", data, 0)
        if mtype != MSG_REPLY:
            raise ValueError("not a reply: message type %d" % mtype)
        self.accept_stat = self.reject_stat = self.mismatch = self.auth_stat = None
        self.body = b""
        if self.stat == MSG_ACCEPTED:
            _, verf_len = struct.unpack_from(">II", data, 12)
            pos = 20 + (verf_len + 3) // 4 * 4
            (self.accept_stat,) = struct.unpack_from(">I", data, pos)
            self.body = data[pos + 4:]
            if self.accept_stat == PROG_MISMATCH:
                self.mismatch = struct.unpack_from(">II", data, pos + 4)
        else:
            (self.reject_stat,) = struct.unpack_from(">I", data, 12)
            if self.reject_stat == RPC_MISMATCH:
                self.mismatch = struct.unpack_from(">II", data, 16)
            else:
                (self.auth_stat,) = struct.unpack_from(">I", data, 16)

    def uint_at(self, index):
        """The index-th 32-bit word of the body."""
        return struct.unpack_from(">I", self.body, 4 * index)[0]


class RpcClient:
    """One socket to address:port, UDP or TCP, from source (an address of this host) when
    given (contextlib.closing closes it after use)."""

    def __init__(self, port, udp, address="127.0.0.1", timeout=10.0, source=None):
        self.udp = udp
        self.address = (address, port)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM if udp else socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        if source:
            self.sock.bind((source, 0))
        self.sock.connect(self.address)
        self.next_xid = struct.unpack(">I", os.urandom(4))[0]

    def close(self):
        self.sock.close()

    def send_raw(self, data):
        """UDP: one datagram; TCP: the bytes as they are (no record mark added)."""
        if self.udp:
            self.sock.send(data)
        else:
            self.sock.sendall(data)

    def send_message(self, message):
        """A whole call: one datagram, or one TCP record in a single last fragment."""
        self.send_raw(message if self.udp else uint(LAST_FRAGMENT | len(message)) + message)

    def recv_message(self):
        """The next reply's bytes; None on timeout or when the server closed TCP."""
        try:
            if self.udp:
                return self.sock.recv(65536)
            message = b""
            while True:
                mark = self._recv_exactly(4)
                if mark is None:
                    return None
                (word,) = struct.unpack(">I", mark)
                fragment = self._recv_exactly(word & ~LAST_FRAGMENT)
                if fragment is None:
                    return None
                message += fragment
                if word & LAST_FRAGMENT:
                    return message
        except (socket.timeout, ConnectionError):
            return None

    def _recv_exactly(self, n):
        if n > MAX_REPLY:
            return None
        data = self.sock.recv(n, socket.MSG_WAITALL) if n else b""
        return data if len(data) == n else None

    def xid(self):
        self.next_xid = (self.next_xid + 1) & 0xFFFFFFFF
        return self.next_xid

    def call(self, prog, vers, proc, args=b"", cred=None, rpcvers=2):
        """Sends one call and returns its Reply (None if none came). Replies to other xids
        (late answers to earlier calls) are skipped."""
        xid = self.xid()
        self.send_message(call_header(xid, prog, vers, proc, cred, rpcvers) + args)
        while True:
            data = self.recv_message()
            if data is None:
                return None
            reply = Reply(data)
            if reply.xid == xid:
                return reply
