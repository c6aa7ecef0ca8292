#!/usr/bin/env python3
"""Joins under load: a 4th volcano joins while a writer runs (new files in many
directories and one file held open and appended to): the writer sees no error, nothing
written is lost, and the joiner owns keys afterwards. A client whose topology went stale
with a join (a mount made before it) keeps reading and writing correctly."""

import hashlib
import os
import threading

import magma_fixture
from lava_trees import read_tree, tree_files, write_tree
from magma_fixture import LavaTestCase, read_file, wait_until, write_file

PRELOAD = 600       # files in the lava before the join, so that the hand-off has work
AFTER_JOIN = 150    # files the writer still writes once the join is over


class Writer(threading.Thread):
    """Writes w/dNN/fNNNNN files (and appends a line per file to one open log file) until
    stopped; records what it wrote and the first error it met."""

    def __init__(self, root):
        super().__init__(daemon=True)
        self.root = root
        self.written = {}  # relative path -> bytes
        self.log_lines = []
        self.error = None
        self.stop = threading.Event()

    def run(self):
        try:
            with open(os.path.join(self.root, "append.log"), "ab", buffering=0) as log:
                i = 0
                while not self.stop.is_set():
                    rel = os.path.join("w", "d%02d" % (i % 20), "f%05d" % i)
                    if i < 20:
                        os.makedirs(os.path.dirname(os.path.join(self.root, rel)), exist_ok=True)
                    data = hashlib.sha256(b"%d" % i).digest() * (1 + i % 64)
                    write_file(os.path.join(self.root, rel), data)
                    self.written[rel] = data
                    line = b"line %d\n" % i
                    log.write(line)
                    self.log_lines.append(line)
                    if i % 50 == 0:
                        os.fsync(log.fileno())
                    i += 1
        except BaseException as e:  # reported by the test
            self.error = e


class JoinTest(LavaTestCase):
    VOLCANOS = 3

    def assert_files(self, root, expected):
        for rel, data in expected.items():
            self.assertEqual(read_file(os.path.join(root, rel)), data, rel)

    def test_fourth_volcano_joins_while_a_writer_runs(self):
        preload = tree_files(PRELOAD, seed=4)
        write_tree(self.path("pre"), preload)
        writer = Writer(self.dir)
        writer.start()
        try:
            wait_until(lambda: len(writer.written) >= 100 or writer.error, 60, "the writer to start")
            joiner = self.lava.add_volcano()
            joined_at = len(writer.written)
            wait_until(lambda: len(writer.written) >= joined_at + AFTER_JOIN or writer.error
                       or not writer.is_alive(), 120, "the writer to go on after the join")
        finally:
            writer.stop.set()
            writer.join(60)
        self.assertFalse(writer.is_alive(), "the writer hangs")
        self.assertIsNone(writer.error, "the writer saw an error: %r" % writer.error)

        keys = self.lava.keys_by_nickname()
        self.assertGreater(keys[joiner.nickname], 0, keys)
        # Nothing lost, through the writer's mount and through a fresh mount of the joiner.
        fresh = self.lava.mount(len(self.lava.volcanos) - 1)
        try:
            for root in (self.dir, os.path.join(fresh.mountpoint, self.name)):
                self.assert_files(root, writer.written)
                self.assert_files(os.path.join(root, "pre"), dict(preload))
                self.assertEqual(read_file(os.path.join(root, "append.log")),
                                 b"".join(writer.log_lines))
                found, _ = read_tree(os.path.join(root, "w"))
                self.assertEqual(len(found), len(writer.written))
        finally:
            fresh.unmount()

    def test_stale_client_keeps_working(self):
        stale = self.lava.mount(1)  # knows the topology before the join
        root = os.path.join(stale.mountpoint, self.name)
        before = dict(tree_files(300, seed=5))
        write_tree(root, before.items())
        joiner = self.lava.add_volcano()

        # Everything written before reads back through the stale mount, and it can change
        # what the join moved.
        self.assert_files(root, before)
        after = dict(tree_files(300, seed=6, fanout=(3, 4)))
        after = {os.path.join("new", rel): data for rel, data in after.items()}
        write_tree(root, after.items())
        moved = sorted(before)[::3]
        for rel in moved:
            os.rename(os.path.join(root, rel), os.path.join(root, rel + ".renamed"))
        removed = sorted(before)[1::3]
        for rel in removed:
            os.unlink(os.path.join(root, rel))
        expected = {rel: data for rel, data in before.items() if rel not in removed and rel not in moved}
        expected.update({rel + ".renamed": before[rel] for rel in moved})
        expected.update(after)
        self.assertGreater(self.lava.keys_by_nickname()[joiner.nickname], 0)

        fresh = self.lava.mount(len(self.lava.volcanos) - 1)
        try:
            for r in (root, os.path.join(fresh.mountpoint, self.name)):
                found, _ = read_tree(r)
                self.assertEqual(sorted(found), sorted(expected))
                self.assert_files(r, expected)
        finally:
            fresh.unmount()
            stale.unmount()


if __name__ == "__main__":
    magma_fixture.main(budget_seconds=300)
