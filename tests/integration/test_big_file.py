#!/usr/bin/env python3
"""A 256 MiB file through a real mount: written in 1 MiB blocks, read back after a remount
(so the kernel's page cache cannot answer) with the same SHA-256, also after a rename."""

import hashlib
import os
import random

import magma_fixture
from magma_fixture import MagmaTestCase

BLOCK = 1 << 20
BLOCKS = 256
SEED = 20150101


def block(i):
    """The i-th 1 MiB block of the file: reproducible from SEED, incompressible."""
    return random.Random(SEED * 1000 + i).randbytes(BLOCK)


def sha256_of_path(path, chunk=BLOCK):
    h = hashlib.sha256()
    with open(path, "rb", buffering=0) as f:
        while True:
            data = f.read(chunk)
            if not data:
                return h.hexdigest()
            h.update(data)


class BigFileTest(MagmaTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.expected = hashlib.sha256()
        cls.big = os.path.join(cls.mnt, "big")
        fd = os.open(cls.big, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            for i in range(BLOCKS):
                data = block(i)
                cls.expected.update(data)
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        cls.expected = cls.expected.hexdigest()
        cls.lava.remount()

    def setUp(self):
        pass  # the tests share the file at the mount's root

    def test_1_size(self):
        st = os.stat(self.big)
        self.assertEqual(st.st_size, BLOCKS * BLOCK)
        self.assertGreaterEqual(st.st_blocks * 512, BLOCKS * BLOCK)

    def test_2_sha256_after_remount(self):
        self.assertEqual(sha256_of_path(self.big), self.expected)

    def test_3_unaligned_reads(self):
        fd = os.open(self.big, os.O_RDONLY)
        try:
            for offset, size in ((123456789, 1000), (BLOCK - 10, 20), (BLOCKS * BLOCK - 5, 100),
                                 (77 * BLOCK + 1, 3 * BLOCK)):
                first = offset // BLOCK
                last = min(BLOCKS - 1, (offset + size - 1) // BLOCK)
                expected = b"".join(block(i) for i in range(first, last + 1))
                start = offset - first * BLOCK
                self.assertEqual(os.pread(fd, size, offset), expected[start:start + size],
                                 "pread(%d, %d)" % (size, offset))
        finally:
            os.close(fd)

    def test_4_rename_keeps_the_data(self):
        renamed = os.path.join(self.mnt, "big-renamed")
        os.rename(self.big, renamed)
        try:
            self.lava.remount()
            self.assertFalse(os.path.exists(self.big))
            self.assertEqual(os.stat(renamed).st_size, BLOCKS * BLOCK)
            self.assertEqual(sha256_of_path(renamed, chunk=3 * BLOCK + 7), self.expected)
        finally:
            os.rename(renamed, self.big)


if __name__ == "__main__":
    magma_fixture.main(budget_seconds=400)
