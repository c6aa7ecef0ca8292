#!/usr/bin/env python3
"""kill -9 of magmad during a stream of fsync'd writes: after a restart every record whose
fsync returned before the kill is intact, and so is every file created and fsync'd.

The writer is a separate process (this file run with --writer) that prints each sequence
number only after fsync() returned, so its output is the list of acknowledged writes."""

import errno
import hashlib
import os
import subprocess
import sys
import threading
import time

import magma_fixture
from magma_fixture import MagmaTestCase

RECORD = 512
META_EVERY = 25


def record(i):
    """Record i: its number then a digest pattern, RECORD bytes ending in a newline."""
    body = b"%08d " % i + hashlib.sha256(b"%d" % i).hexdigest().encode() * 8
    return body[:RECORD - 1] + b"\n"


def writer(directory):
    """Appends records to directory/log until an error; prints "r N" / "m N" once durable."""
    fd = os.open(os.path.join(directory, "log"), os.O_WRONLY | os.O_CREAT, 0o644)
    dfd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    i = 0
    try:
        while True:
            os.pwrite(fd, record(i), i * RECORD)
            os.fsync(fd)
            print("r %d" % i, flush=True)
            if i % META_EVERY == 0:
                meta = os.open(os.path.join(directory, "meta-%d" % i),
                               os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                os.write(meta, record(i))
                os.fsync(meta)
                os.close(meta)
                os.fsync(dfd)
                print("m %d" % i, flush=True)
            i += 1
    except OSError as e:
        print("error %s" % errno.errorcode.get(e.errno, e.errno), flush=True)


class Kill9Test(MagmaTestCase):
    def start_writer(self):
        proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--writer", self.dir],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        lines = []

        def collect():
            for line in proc.stdout:
                if line.endswith(b"\n"):
                    lines.append(line.decode().split())

        reader = threading.Thread(target=collect, daemon=True)
        reader.start()
        return proc, reader, lines

    def test_fsynced_writes_survive_kill9(self):
        proc, reader, lines = self.start_writer()
        try:
            time.sleep(2)
            magma_fixture.wait_until(lambda: len(lines) >= 30 or proc.poll() is not None, 30,
                                     "the writer to acknowledge 30 records")
            self.assertIsNone(proc.poll(), "writer stopped before the kill: %r" % lines[-3:])
            self.lava.magmad.kill9()
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                self.fail("the writer hung after magmad died")
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        reader.join(10)
        acked = [int(n) for kind, n in (l for l in lines if len(l) == 2) if kind == "r"]
        metas = [int(n) for kind, n in (l for l in lines if len(l) == 2) if kind == "m"]
        sys.stderr.write("writer: %d records and %d files acknowledged, last words %r\n"
                         % (len(acked), len(metas), lines[-1] if lines else None))
        self.assertGreaterEqual(len(acked), 30)
        self.assertEqual(acked, list(range(len(acked))))

        self.lava.mount.unmount(lazy=True)
        self.lava.magmad.start(bootstrap=False)
        self.lava.mount.mount()

        with open(self.path("log"), "rb") as f:
            data = f.read()
        self.assertGreaterEqual(len(data), len(acked) * RECORD)
        for i in acked:
            self.assertEqual(data[i * RECORD:(i + 1) * RECORD], record(i), "record %d" % i)
        for i in metas:
            with open(self.path("meta-%d" % i), "rb") as f:
                self.assertEqual(f.read(), record(i), "meta-%d" % i)
        # The store still takes writes.
        with open(self.path("log"), "ab") as f:
            f.write(b"after restart\n")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--writer":
        writer(sys.argv[2])
    else:
        magma_fixture.main(budget_seconds=240)
