#!/usr/bin/env python3
"""Malformed frames on the flare port: each gets an error answer or a closed connection,
magmad never allocates what a length claims, never stops serving the mount, and answers a
Ping on a fresh connection afterwards. Frame layout: libmagma/frame.h."""

import os
import socket
import struct
import threading
import time

import magma_fixture
from flare_frames import FlareConnection, decode_strings
from magma_fixture import MagmaTestCase, read_file, write_file

OP_LOOKUP = 3
UNKNOWN_OP = 999
ANSWER_TIMEOUT = 10.0
# Errc values (libmagma/errc.h) a refusal may carry.
PROTOCOL, NOT_SUPPORTED = 12, 19


class MalformedFrameTest(MagmaTestCase):
    def setUp(self):
        super().setUp()
        self.port = self.lava.magmad.port
        write_file(self.path("probe"), b"probe data")
        self.client_errors = []
        self.client_ops = 0
        self.stop_client = threading.Event()
        self.client = threading.Thread(target=self.normal_client, daemon=True)
        self.client.start()

    def tearDown(self):
        self.stop_client.set()
        self.client.join(60)
        self.assertFalse(self.client.is_alive(), "the mount hung")
        self.assertEqual(self.client_errors, [])
        self.assertGreater(self.client_ops, 0)
        self.assertTrue(self.lava.magmad.alive(), "magmad died:\n" + self.lava.magmad.log())
        self.assert_ping_answers()

    def normal_client(self):
        """The mount keeps working: stat, read and write, over and over."""
        n = 0
        while not self.stop_client.is_set():
            try:
                os.stat(self.path("probe"))
                if read_file(self.path("probe")) != b"probe data":
                    self.client_errors.append("probe content changed")
                write_file(self.path("w%d" % (n % 5)), b"%d" % n)
                if read_file(self.path("w%d" % (n % 5))) != b"%d" % n:
                    self.client_errors.append("read back the wrong data")
                n += 1
                self.client_ops = n
            except OSError as e:
                self.client_errors.append(repr(e))
                return
            time.sleep(0.01)

    def assert_ping_answers(self):
        with FlareConnection(self.port, timeout=ANSWER_TIMEOUT) as conn:
            answer = conn.ping(request_id=0xfeedface12345678)
        self.assertIsNotNone(answer, "no answer to a Ping on a fresh connection")
        request_id, op, status, payload = answer
        self.assertEqual((request_id, op, status), (0xfeedface12345678, FlareConnection.OP_PING, 0))
        nickname, version = decode_strings(payload, 2)
        self.assertEqual(nickname, self.lava.magmad.nickname)
        self.assertTrue(version)

    def assertRefused(self, conn, request_id=None, statuses=(PROTOCOL,)):
        """The server answers with an error in statuses (for request_id, if given) or
        closes the connection."""
        try:
            answer = conn.recv_frame()
        except socket.timeout:
            self.fail("magmad neither answered nor closed within %.0f s" % ANSWER_TIMEOUT)
        if answer is None:
            return
        got_id, _, status, _ = answer
        self.assertIn(status, statuses, "a malformed frame was answered with status %d" % status)
        if request_id is not None:
            self.assertEqual(got_id, request_id)

    def test_ping_works(self):
        self.assert_ping_answers()

    def test_garbage_bytes(self):
        with FlareConnection(self.port, timeout=ANSWER_TIMEOUT) as conn:
            conn.sock.sendall(b"GET / HTTP/1.0\r\n\r\n" + os.urandom(4096))
            self.assertRefused(conn)

    def test_header_claiming_4_gib(self):
        rss_before = self.lava.magmad.rss_kib()
        conns = []
        try:
            for i in range(8):
                conn = FlareConnection(self.port, timeout=ANSWER_TIMEOUT)
                conns.append(conn)
                conn.send_frame(i + 1, OP_LOOKUP, b"\0" * 64, length=0xffffffff)
            for conn in conns:
                self.assertRefused(conn)
        finally:
            for conn in conns:
                conn.close()
        grown = self.lava.magmad.rss_kib() - rss_before
        self.assertLess(grown, 256 * 1024, "magmad grew by %d KiB" % grown)

    def test_payload_just_over_the_limit(self):
        with FlareConnection(self.port, timeout=ANSWER_TIMEOUT) as conn:
            conn.send_frame(5, OP_LOOKUP, b"", length=(4 << 20) + (64 << 10) + 1)
            self.assertRefused(conn)

    def test_truncated_frame_then_close(self):
        for cut in (3, 10, 16, 30):
            conn = FlareConnection(self.port, timeout=ANSWER_TIMEOUT)
            payload = FlareConnection.credentials() + struct.pack(">I", 4) + b"/abc"
            frame = FlareConnection.HEADER.pack(len(payload), 9, OP_LOOKUP, 0) + payload
            conn.sock.sendall(frame[:cut])
            conn.close()
        self.assert_ping_answers()

    def test_stalled_connection_does_not_block_others(self):
        with FlareConnection(self.port, timeout=ANSWER_TIMEOUT) as stalled:
            stalled.sock.sendall(FlareConnection.HEADER.pack(100, 1, OP_LOOKUP, 0)[:10])
            time.sleep(1)
            self.assert_ping_answers()
            before = self.client_ops
            time.sleep(1)
            self.assertGreater(self.client_ops, before, "the mount stalled")

    def test_unknown_op(self):
        with FlareConnection(self.port, timeout=ANSWER_TIMEOUT) as conn:
            conn.send_frame(77, UNKNOWN_OP, FlareConnection.credentials())
            self.assertRefused(conn, request_id=77, statuses=(PROTOCOL, NOT_SUPPORTED))

    def test_undecodable_payloads(self):
        creds = FlareConnection.credentials()
        bad_payloads = [
            b"",                                              # no credentials at all
            creds,                                            # Lookup without its path
            creds + struct.pack(">I", 0xffffffff) + b"/a",    # path claiming 4 GiB
            creds + struct.pack(">I", 10) + b"/a",            # truncated path
            creds + struct.pack(">I", 2) + b"/a" + b"junk",   # trailing bytes
            struct.pack(">III", 0, 0, 0xffffffff) + b"\0" * 8,  # groups count lies
        ]
        for i, payload in enumerate(bad_payloads):
            with self.subTest(payload=payload[:24]):
                with FlareConnection(self.port, timeout=ANSWER_TIMEOUT) as conn:
                    conn.send_frame(100 + i, OP_LOOKUP, payload)
                    self.assertRefused(conn, request_id=100 + i)

    def test_status_set_in_a_request(self):
        with FlareConnection(self.port, timeout=ANSWER_TIMEOUT) as conn:
            conn.send_frame(3, FlareConnection.OP_PING, FlareConnection.credentials(), status=11)
            answer = conn.recv_frame()
            if answer is not None:
                self.assertEqual(answer[0], 3)

    def test_many_bad_frames_on_one_connection_after_a_good_one(self):
        with FlareConnection(self.port, timeout=ANSWER_TIMEOUT) as conn:
            self.assertEqual(conn.ping(request_id=1)[2], 0)
            sent = 0
            for i in range(50):
                try:
                    conn.send_frame(1000 + i, UNKNOWN_OP + i, os.urandom(i))
                    sent += 1
                except OSError:
                    break  # closed by the server: allowed
            for _ in range(sent):
                answer = conn.recv_frame()
                if answer is None:
                    break  # closed by the server: allowed
                self.assertIn(answer[2], (PROTOCOL, NOT_SUPPORTED))


if __name__ == "__main__":
    magma_fixture.main(budget_seconds=240)
