#!/usr/bin/env python3
"""The NFSv2 gateway through an independent userspace client, libnfs (nfs_client/): every
NFS v2 and MOUNT v1 procedure, its success and its main errors, over UDP and over TCP
against one volcano. Then, in a lava of 3 volcanos, files written through one volcano's
gateway read back the same through another's and through FUSE, and files written through
FUSE read back the same through the gateways."""

import os
import re

import magma_fixture
from magma_fixture import read_file, write_file
from nfs_fixture import NfsLavaTestCase

SUMMARY = re.compile(rb"^(\d+) passed, (\d+) failed$", re.M)
# Sizes around the 8 KiB transfer size, and one of many transfers.
SIZES = (0, 1, 8191, 8192, 8193, 300 * 1024 + 7)


class EveryProcedureTest(NfsLavaTestCase):
    VOLCANOS = 1

    def run_suites(self, udp):
        done = self.lava.volcanos[0].nfs_client("suite", self.lava_dir, udp=udp)
        out = done.stdout.decode(errors="replace")
        print(out)
        summary = SUMMARY.search(done.stdout)
        self.assertIsNotNone(summary, "no summary line:\n%s\n%s" % (out[-3000:], done.stderr.decode()))
        failures = [line for line in out.splitlines() if line.startswith("FAIL")]
        self.assertEqual(int(summary.group(2)), 0, "\n".join(failures))
        self.assertGreater(int(summary.group(1)), 150)
        self.assertEqual(done.returncode, 0)
        self.assertTrue(self.lava.volcanos[0].alive())

    def test_over_udp(self):
        self.run_suites(udp=True)

    def test_over_tcp(self):
        self.run_suites(udp=False)


class DoorsOfALavaTest(NfsLavaTestCase):
    VOLCANOS = 3

    def put(self, volcano, path, data, udp):
        done = self.lava.volcanos[volcano].nfs_client("put", path, udp=udp, data=data)
        self.assertEqual(done.returncode, 0, done.stderr.decode())

    def get(self, volcano, path, udp):
        done = self.lava.volcanos[volcano].nfs_client("get", path, udp=udp)
        self.assertEqual(done.returncode, 0, done.stderr.decode())
        return done.stdout

    def test_written_through_one_gateway_read_through_the_others_and_fuse(self):
        for i, size in enumerate(SIZES):
            data = os.urandom(size)
            name = "nfs-%d" % i
            with self.subTest(size=size):
                self.put(0, "%s/%s" % (self.lava_dir, name), data, udp=i % 2 == 0)
                self.assertEqual(self.get(1, "%s/%s" % (self.lava_dir, name), udp=i % 2 == 1), data)
                self.assertEqual(self.get(2, "%s/%s" % (self.lava_dir, name), udp=False), data)
                self.assertEqual(read_file(self.path(name)), data)

    def test_written_through_fuse_read_through_the_gateways(self):
        for i, size in enumerate(SIZES):
            data = os.urandom(size)
            name = "fuse-%d" % i
            with self.subTest(size=size):
                write_file(self.path(name), data)
                for volcano in range(3):
                    self.assertEqual(self.get(volcano, "%s/%s" % (self.lava_dir, name), udp=volcano == 1),
                                     data, "through v%d" % (volcano + 1))


if __name__ == "__main__":
    magma_fixture.main(budget_seconds=900)
