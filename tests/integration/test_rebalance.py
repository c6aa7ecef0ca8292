#!/usr/bin/env python3
"""magmactl rebalance on a lava made uneven by its joins (v1 alone holds a tree, v2 takes
half of it, v3 half of what one of them holds: about 2:1:1), while a writer keeps
creating files through a mount: afterwards the records are even, every file written
before or during the moves reads back byte for byte through a mount of another volcano,
and fsck finds nothing wrong."""

import hashlib
import os
import threading

import magma_fixture
from lava_trees import digests, grow_lava, read_tree, tree_files
from magma_fixture import LavaTestCase

FILES = 1500
TREE = "tree"


class Writer(threading.Thread):
    """Creates files in root one after another until stopped; remembers the SHA-256 of each
    file whose close succeeded, and the first error."""

    def __init__(self, root):
        super().__init__(daemon=True)
        self.root = root
        self.written = {}
        self.error = None
        self.stopping = threading.Event()

    def run(self):
        i = 0
        while not self.stopping.is_set():
            name = "w%05d" % i
            data = os.urandom(100 + i % 3000)
            try:
                with open(os.path.join(self.root, name), "wb") as f:
                    f.write(data)
            except OSError as e:
                self.error = "%s: %s" % (name, e)
                return
            self.written[name] = hashlib.sha256(data).hexdigest()
            i += 1

    def stop(self):
        self.stopping.set()
        self.join(60)


class RebalanceTest(LavaTestCase):
    VOLCANOS = 3

    @classmethod
    def setUpClass(cls):
        cls.files = tree_files(FILES, seed=7)
        grow_lava(cls, TREE, cls.files)

    def spread(self):
        keys = self.lava.keys_by_nickname()
        return max(keys.values()) / max(1, min(keys.values())), keys

    def test_rebalance_evens_out_the_records_while_a_writer_runs(self):
        before, keys = self.spread()
        self.assertGreater(before, 1.5, "the joins left the lava even already: %s" % keys)
        writer = Writer(self.dir)
        writer.start()
        try:
            out = self.lava.magmactl("rebalance", timeout=600)
        finally:
            writer.stop()
        self.assertIsNone(writer.error)
        self.assertIn("handed", out)
        self.assertIn("the lava is balanced", out)
        after, keys = self.spread()
        self.assertLess(after, 1.3, "records per volcano after the rebalance: %s\n%s" % (keys, out))
        self.assertGreater(len(writer.written), 0)

        # Everything reads back the same through a mount of another volcano.
        other = self.lava.mount(2)
        try:
            found, _ = read_tree(os.path.join(other.mountpoint, TREE))
            self.assertEqual(found, digests(self.files))
            during, _ = read_tree(os.path.join(other.mountpoint, self.name))
            self.assertEqual(during, writer.written)
        finally:
            other.unmount()
        self.lava.magmactl("fsck")  # raises when fsck finds problems

    def test_rebalance_twice_moves_nothing_the_second_time(self):
        self.lava.magmactl("rebalance", timeout=600)
        out = self.lava.magmactl("rebalance", timeout=600)
        self.assertIn("nothing moved", out)
        self.assertNotIn("handed", out)


if __name__ == "__main__":
    magma_fixture.main(budget_seconds=600)
