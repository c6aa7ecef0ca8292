#!/usr/bin/env python3
"""Hostile input to the NFSv2 gateway, over UDP and over TCP, from a raw RPC client
(onc_rpc.py): wrong RPC version, program, version and procedure, unknown credentials,
truncated and oversized XDR, WRITE data shorter than its count, a full 8 KiB WRITE in one
~8.3 KB datagram, datagrams up to 64 KiB read whole, 64 KiB of random bytes, random
arguments to every procedure, TCP records split in fragments or claiming too much. Each
is answered as RFC 5531 and RFC 1094 say, and the daemon stays alive and serving. Also
the obsolete ROOT and WRITECACHE, answered with void results as RFC 1094 says."""

import os
import time
from contextlib import closing

import magma_fixture
import onc_rpc
from nfs_fixture import (MOUNT_PROGRAM, MOUNT_VERSION, NFS_PROGRAM, NFS_VERSION, TEST_GID,
                         TEST_UID, NfsLavaTestCase)
from onc_rpc import RpcClient, opaque, string, uint

NFS_PROCEDURES = 18
MOUNT_PROCEDURES = 6
NFSPROC_ROOT, NFSPROC_WRITECACHE = 3, 7
NFSPROC_GETATTR, NFSPROC_LOOKUP, NFSPROC_READ, NFSPROC_WRITE, NFSPROC_CREATE = 1, 4, 6, 8, 9
MOUNTPROC_MNT = 1
NFSERR_NAMETOOLONG, NFSERR_STALE = 63, 70
MAX_DATA = 8192
MAX_UDP_PAYLOAD = 65507  # an IPv4 datagram's largest payload


def sattr(mode):
    return uint(mode) + uint(*[0xFFFFFFFF] * 7)


class HostileInputTest(NfsLavaTestCase):
    VOLCANOS = 1

    def setUp(self):
        super().setUp()
        self.volcano = self.lava.volcanos[0]
        self.creds = onc_rpc.auth_unix(TEST_UID, TEST_GID)

    def client(self, udp, program=NFS_PROGRAM):
        """A client of program's port, closed when the `with` block ends."""
        port = self.volcano.nfs_port if program == NFS_PROGRAM else self.volcano.mount_port
        return closing(RpcClient(port, udp, self.volcano.address))

    def each_transport(self, check):
        """check(udp) over UDP and over TCP, each a subtest."""
        for udp in (True, False):
            with self.subTest(transport="UDP" if udp else "TCP"):
                check(udp)

    def assertAccepted(self, reply, accept_stat, what):
        self.assertIsNotNone(reply, "%s: no reply" % what)
        self.assertEqual(reply.stat, onc_rpc.MSG_ACCEPTED, what)
        self.assertEqual(reply.accept_stat, accept_stat, what)

    def assertServing(self):
        """The daemon runs and answers NFS NULL and MOUNT NULL on both transports."""
        self.assertTrue(self.volcano.alive(), self.volcano.log())
        for udp in (True, False):
            for program, version in ((NFS_PROGRAM, NFS_VERSION), (MOUNT_PROGRAM, MOUNT_VERSION)):
                with self.client(udp, program) as c:
                    self.assertAccepted(c.call(program, version, 0), onc_rpc.SUCCESS,
                                        "NULL of %d after hostile input" % program)

    def handle(self, udp):
        """The handle of this test's directory, from MNT."""
        with self.client(udp, MOUNT_PROGRAM) as c:
            reply = c.call(MOUNT_PROGRAM, MOUNT_VERSION, MOUNTPROC_MNT, string(self.lava_dir), self.creds)
        self.assertAccepted(reply, onc_rpc.SUCCESS, "MNT")
        self.assertEqual(reply.uint_at(0), 0, "MNT status")
        return reply.body[4:36]

    def test_rpc_errors(self):
        self.each_transport(self.check_rpc_errors)
        self.assertServing()

    def check_rpc_errors(self, udp):
        with self.client(udp) as c:
            reply = c.call(NFS_PROGRAM, NFS_VERSION, 0, rpcvers=3)
            self.assertEqual((reply.stat, reply.reject_stat, reply.mismatch),
                             (onc_rpc.MSG_DENIED, onc_rpc.RPC_MISMATCH, (2, 2)))
            self.assertAccepted(c.call(100099, 1, 0), onc_rpc.PROG_UNAVAIL, "unknown program")
            reply = c.call(NFS_PROGRAM, 3, 0)
            self.assertAccepted(reply, onc_rpc.PROG_MISMATCH, "NFS version 3")
            self.assertEqual(reply.mismatch, (2, 2))
            for proc in (NFS_PROCEDURES, 1000, 0xFFFFFFFF):
                self.assertAccepted(c.call(NFS_PROGRAM, NFS_VERSION, proc), onc_rpc.PROC_UNAVAIL,
                                    "NFS procedure %d" % proc)
            bad_flavor = uint(6) + opaque(b"gss token")
            reply = c.call(NFS_PROGRAM, NFS_VERSION, 0, cred=bad_flavor)
            self.assertEqual((reply.stat, reply.reject_stat), (onc_rpc.MSG_DENIED, onc_rpc.AUTH_ERROR))
            too_many_groups = uint(1) + opaque(uint(0) + string("m") + uint(0, 0, 1000))
            reply = c.call(NFS_PROGRAM, NFS_VERSION, 0, cred=too_many_groups)
            self.assertEqual((reply.stat, reply.reject_stat), (onc_rpc.MSG_DENIED, onc_rpc.AUTH_ERROR))
        with self.client(udp, MOUNT_PROGRAM) as c:
            reply = c.call(MOUNT_PROGRAM, 3, 0)
            self.assertAccepted(reply, onc_rpc.PROG_MISMATCH, "MOUNT version 3")
            self.assertEqual(reply.mismatch, (1, 1))
            self.assertAccepted(c.call(MOUNT_PROGRAM, MOUNT_VERSION, MOUNT_PROCEDURES),
                                onc_rpc.PROC_UNAVAIL, "MOUNT procedure 6")

    def test_obsolete_root_and_writecache_answer_void(self):
        def check(udp):
            with self.client(udp) as c:
                for proc in (NFSPROC_ROOT, NFSPROC_WRITECACHE):
                    reply = c.call(NFS_PROGRAM, NFS_VERSION, proc, b"", self.creds)
                    self.assertAccepted(reply, onc_rpc.SUCCESS, "procedure %d" % proc)
                    self.assertEqual(reply.body, b"", "procedure %d answers void" % proc)
        self.each_transport(check)

    def test_truncated_and_oversized_xdr(self):
        self.each_transport(self.check_bad_xdr)
        self.assertServing()

    def check_bad_xdr(self, udp):
        fh = self.handle(udp)
        short_write = fh + uint(0, 0, 0) + uint(MAX_DATA) + b"s" * 100
        cases = {
            "GETATTR with 10 bytes of handle": (NFSPROC_GETATTR, fh[:10]),
            "LOOKUP without a name": (NFSPROC_LOOKUP, fh),
            "LOOKUP with a name cut short": (NFSPROC_LOOKUP, fh + uint(100) + b"abc\0"),
            "LOOKUP with a 2 GiB name": (NFSPROC_LOOKUP, fh + uint(0x7FFFFFFF) + b"x" * 64),
            "LOOKUP with a 1025-byte name": (NFSPROC_LOOKUP, fh + string("n" * 1025)),
            "READ without its counts": (NFSPROC_READ, fh + uint(0)),
            "WRITE of 8193 bytes": (NFSPROC_WRITE, fh + uint(0, 0, 0) + opaque(b"w" * (MAX_DATA + 1))),
            "WRITE with data shorter than its count": (NFSPROC_WRITE, short_write),
            "CREATE without attributes": (NFSPROC_CREATE, fh + string("f")),
        }
        with self.client(udp) as c:
            for what, (proc, args) in cases.items():
                self.assertAccepted(c.call(NFS_PROGRAM, NFS_VERSION, proc, args, self.creds),
                                    onc_rpc.GARBAGE_ARGS, what)
            # Past the RFC's 255 bytes but within a path's 1024, a name is read and refused.
            reply = c.call(NFS_PROGRAM, NFS_VERSION, NFSPROC_LOOKUP, fh + string("n" * 256), self.creds)
            self.assertAccepted(reply, onc_rpc.SUCCESS, "LOOKUP with a 256-byte name")
            self.assertEqual(reply.uint_at(0), NFSERR_NAMETOOLONG, "LOOKUP with a 256-byte name")
        with self.client(udp, MOUNT_PROGRAM) as c:
            for what, args in {"MNT of a 1025-byte path": string("/" * 1025),
                               "MNT with a path cut short": uint(50) + b"/abc"}.items():
                self.assertAccepted(c.call(MOUNT_PROGRAM, MOUNT_VERSION, MOUNTPROC_MNT, args, self.creds),
                                    onc_rpc.GARBAGE_ARGS, what)

    def test_a_full_8k_write_in_one_datagram(self):
        fh = self.handle(True)
        data = os.urandom(MAX_DATA)
        with self.client(True) as c:
            reply = c.call(NFS_PROGRAM, NFS_VERSION, NFSPROC_CREATE, fh + string("full") + sattr(0o644), self.creds)
            self.assertAccepted(reply, onc_rpc.SUCCESS, "CREATE")
            self.assertEqual(reply.uint_at(0), 0, "CREATE status")
            file_fh = reply.body[4:36]
            write = uint(0, 0, 0) + opaque(data)
            self.assertGreater(len(onc_rpc.call_header(0, NFS_PROGRAM, 2, NFSPROC_WRITE, self.creds)) +
                               len(file_fh + write), 8300)
            reply = c.call(NFS_PROGRAM, NFS_VERSION, NFSPROC_WRITE, file_fh + write, self.creds)
            self.assertAccepted(reply, onc_rpc.SUCCESS, "WRITE of 8 KiB")
            self.assertEqual(reply.uint_at(0), 0, "WRITE status")
            self.assertEqual(reply.uint_at(6), MAX_DATA, "the size after the WRITE")
            reply = c.call(NFS_PROGRAM, NFS_VERSION, NFSPROC_READ, file_fh + uint(0, MAX_DATA, 0), self.creds)
            self.assertAccepted(reply, onc_rpc.SUCCESS, "READ of 8 KiB")
            self.assertEqual(reply.body[4 + 68:4 + 68 + 4], uint(MAX_DATA))
            self.assertEqual(reply.body[4 + 68 + 4:], data)
        self.assertEqual(magma_fixture.read_file(self.path("full")), data)

    def test_datagrams_up_to_64k_are_read_whole(self):
        with self.client(True) as c:
            for size in (9000, 32768, MAX_UDP_PAYLOAD):
                xid = c.xid()
                header = onc_rpc.call_header(xid, NFS_PROGRAM, NFS_VERSION, 0)
                c.send_message(header + b"\0" * (size - len(header)))
                data = c.recv_message()
                self.assertIsNotNone(data, "no answer to a %d-byte datagram" % size)
                reply = onc_rpc.Reply(data)
                self.assertEqual(reply.xid, xid)
                self.assertEqual(reply.stat, onc_rpc.MSG_ACCEPTED, "a %d-byte datagram" % size)
        self.assertServing()

    def test_random_bytes(self):
        with self.client(True) as c:
            for _ in range(4):
                c.send_raw(os.urandom(MAX_UDP_PAYLOAD))
            c.send_raw(b"")
            c.send_raw(os.urandom(3))
        with self.client(False) as c:
            c.send_raw(os.urandom(64 * 1024))
        with self.client(False) as c:
            c.send_message(os.urandom(64 * 1024))
            c.recv_message()  # an answer to a random xid, or none
        time.sleep(0.2)
        self.assertServing()

    def test_random_arguments_to_every_procedure(self):
        self.each_transport(self.check_random_arguments)
        self.assertServing()

    def check_random_arguments(self, udp):
        for program, version, count in ((NFS_PROGRAM, NFS_VERSION, NFS_PROCEDURES),
                                        (MOUNT_PROGRAM, MOUNT_VERSION, MOUNT_PROCEDURES)):
            with self.client(udp, program) as c:
                for proc in range(count):
                    for size in (0, 7, 40, 2000):
                        reply = c.call(program, version, proc, os.urandom(size), self.creds)
                        what = "program %d procedure %d, %d random bytes" % (program, proc, size)
                        self.assertIsNotNone(reply, what)
                        self.assertIn(reply.accept_stat, (onc_rpc.SUCCESS, onc_rpc.GARBAGE_ARGS), what)
                        takes_handle = program == NFS_PROGRAM and proc not in (0, NFSPROC_ROOT, NFSPROC_WRITECACHE)
                        if takes_handle and reply.accept_stat == onc_rpc.SUCCESS:
                            self.assertEqual(reply.uint_at(0), NFSERR_STALE, what + ": a random handle")

    def test_tcp_records(self):
        call = onc_rpc.call_header(0x1234, NFS_PROGRAM, NFS_VERSION, 0)
        with self.client(False) as c:
            pieces = [call[:5], call[5:17], call[17:]]
            for i, piece in enumerate(pieces):
                last = onc_rpc.LAST_FRAGMENT if i == len(pieces) - 1 else 0
                c.send_raw(uint(last | len(piece)) + piece)
            reply = onc_rpc.Reply(c.recv_message())
            self.assertEqual((reply.xid, reply.accept_stat), (0x1234, onc_rpc.SUCCESS), "a call in 3 fragments")
        with self.client(False) as c:
            c.send_raw(uint(onc_rpc.LAST_FRAGMENT | 0x7FFFFFFF) + b"x" * 1000)
            self.assertIsNone(c.recv_message(), "a 2 GiB record is answered")
        with self.client(False) as c:
            c.send_raw(uint(0x00100001) + b"y" * 4096)  # a first fragment of 1 MiB + 1
            self.assertIsNone(c.recv_message(), "a record past 1 MiB is answered")
        self.assertServing()


if __name__ == "__main__":
    magma_fixture.main(budget_seconds=600)
