// InodeTable: lookup counting, hard links, directory paths across renames and removals.
#include "fuse_client/inode_table.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>

#include "tests/unit/libmagma/test_print.h"

namespace magma::fuse {
namespace {

FlareEntry entry(uint8_t n, FlareType type) {
  FlareEntry e;
  e.id.bytes[0] = n;
  e.id.bytes[19] = 0xaa;
  e.attr.type = type;
  e.attr.ino = ino_of(e.id);
  return e;
}
FlareEntry dir(uint8_t n) { return entry(n, FlareType::Directory); }
FlareEntry file(uint8_t n) { return entry(n, FlareType::Regular); }

struct Fixture {
  Fixture() { table.set_root(dir(1).id); }
  std::string path(fuse_ino_t ino) {
    Result<std::string> p = table.path_of(ino);
    return p ? *p : std::string("error:") + errc_name(p.code());
  }
  InodeTable table{"/"};
};

// Runs f in a child process and returns true when it died of SIGABRT.
template <class F>
bool aborts(F f) {
  std::fflush(nullptr);  // or the child would print the parent's buffered output again
  pid_t pid = fork();
  if (pid == 0) {
    signal(SIGABRT, SIG_DFL);  // Boost.Test's handler would turn the abort into a report
    f();
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(root_maps_to_the_mounted_flare, Fixture) {
  Result<NodeRef> root = table.get(FUSE_ROOT_ID);
  BOOST_REQUIRE(root.is_ok());
  BOOST_TEST(root->id == dir(1).id);
  BOOST_TEST(path(FUSE_ROOT_ID) == "/");
  BOOST_TEST(table.size() == 1u);
  table.forget(FUSE_ROOT_ID, 5);  // ignored: the root lives as long as the mount
  BOOST_TEST(table.get(FUSE_ROOT_ID).is_ok());
}

BOOST_AUTO_TEST_CASE(subpath_root_prefixes_every_path) {
  InodeTable table("/exports/a");
  table.set_root(dir(1).id);
  fuse_ino_t d = table.add_lookup(FUSE_ROOT_ID, "d", dir(2));
  BOOST_TEST(*table.path_of(FUSE_ROOT_ID) == "/exports/a");
  BOOST_TEST(*table.path_of(d) == "/exports/a/d");
  BOOST_TEST(*table.child_path(d, "f") == "/exports/a/d/f");
}

BOOST_FIXTURE_TEST_CASE(lookups_are_counted_and_forgotten, Fixture) {
  fuse_ino_t a = table.add_lookup(FUSE_ROOT_ID, "a", file(2));
  BOOST_TEST(a != FUSE_ROOT_ID);
  BOOST_TEST(table.add_lookup(FUSE_ROOT_ID, "a", file(2)) == a);
  BOOST_TEST(table.size() == 2u);
  table.forget(a, 1);
  BOOST_TEST(table.get(a).is_ok());
  table.forget(a, 1);
  BOOST_TEST(table.get(a).code() == Errc::Stale);
  BOOST_TEST(table.size() == 1u);
  // A new lookup of the same flare gets a fresh nodeid: nodeids are never reused.
  fuse_ino_t again = table.add_lookup(FUSE_ROOT_ID, "a", file(2));
  BOOST_TEST(again > a);
}

BOOST_FIXTURE_TEST_CASE(hard_links_share_one_nodeid, Fixture) {
  fuse_ino_t d = table.add_lookup(FUSE_ROOT_ID, "d", dir(2));
  fuse_ino_t one = table.add_lookup(FUSE_ROOT_ID, "one", file(3));
  fuse_ino_t two = table.add_lookup(d, "two", file(3));
  BOOST_TEST(one == two);
  fuse_ino_t other = table.add_lookup(d, "other", file(4));
  BOOST_TEST(other != one);
  table.forget(one, 1);
  BOOST_TEST(table.get(two).is_ok());  // one lookup left
  table.forget(two, 1);
  BOOST_TEST(table.get(two).code() == Errc::Stale);
}

BOOST_FIXTURE_TEST_CASE(directory_paths_are_rebuilt_from_parents, Fixture) {
  fuse_ino_t a = table.add_lookup(FUSE_ROOT_ID, "a", dir(2));
  fuse_ino_t b = table.add_lookup(a, "b", dir(3));
  fuse_ino_t f = table.add_lookup(b, "f", file(4));
  BOOST_TEST(path(a) == "/a");
  BOOST_TEST(path(b) == "/a/b");
  BOOST_TEST(*table.child_path(b, "c") == "/a/b/c");
  BOOST_TEST(*table.child_path(FUSE_ROOT_ID, "c") == "/c");
  BOOST_TEST(path(f) == "error:NotDir");  // files keep no name (hard links)
  BOOST_TEST(table.parent_of(b)->id == dir(2).id);
  BOOST_TEST(table.parent_of(FUSE_ROOT_ID)->id == dir(1).id);
}

BOOST_FIXTURE_TEST_CASE(directories_are_located_by_their_path_files_by_their_id, Fixture) {
  fuse_ino_t a = table.add_lookup(FUSE_ROOT_ID, "a", dir(2));
  fuse_ino_t b = table.add_lookup(a, "b", dir(3));
  fuse_ino_t f = table.add_lookup(b, "f", file(4));
  Result<FlareRef> root = table.locate(FUSE_ROOT_ID);
  BOOST_TEST_REQUIRE(root.is_ok());
  BOOST_TEST(root->place == sha1_key("/"));
  Result<FlareRef> located = table.locate(b);
  BOOST_TEST_REQUIRE(located.is_ok());
  BOOST_TEST(located->id == dir(3).id);
  BOOST_TEST(located->type == FlareType::Directory);
  BOOST_TEST(located->place == sha1_key("/a/b"));
  located = table.locate(f);
  BOOST_TEST_REQUIRE(located.is_ok());
  BOOST_TEST(located->id == file(4).id);
  BOOST_TEST(located->type == FlareType::Regular);
  BOOST_TEST(located->place == Key{});
  // A rename moves a directory's inode to its new path's owner: the place follows.
  table.renamed(FUSE_ROOT_ID, "a", FUSE_ROOT_ID, "z", false);
  BOOST_TEST(table.locate(b)->place == sha1_key("/z/b"));
  table.removed(FUSE_ROOT_ID, "z");
  BOOST_TEST(table.locate(a).code() == Errc::Stale);
  BOOST_TEST(table.locate(f).is_ok());  // a file needs no path
  BOOST_TEST(table.locate(999).code() == Errc::Stale);
}

BOOST_AUTO_TEST_CASE(a_subpath_root_is_located_by_its_path) {
  InodeTable table("/exports/a");
  table.set_root(dir(1).id);
  BOOST_TEST(table.locate(FUSE_ROOT_ID)->place == sha1_key("/exports/a"));
}

BOOST_FIXTURE_TEST_CASE(bad_names_are_refused_before_sending, Fixture) {
  BOOST_TEST(table.child_path(FUSE_ROOT_ID, std::string(256, 'n')).code() == Errc::NameTooLong);
  BOOST_TEST(table.child_path(FUSE_ROOT_ID, std::string(255, 'n')).is_ok());
  BOOST_TEST(table.child_path(FUSE_ROOT_ID, "a/b").code() == Errc::Invalid);
  BOOST_TEST(table.child_path(FUSE_ROOT_ID, "..").code() == Errc::Invalid);
  BOOST_TEST(table.child_path(999, "x").code() == Errc::Stale);
}

BOOST_FIXTURE_TEST_CASE(renaming_a_directory_moves_its_descendants, Fixture) {
  fuse_ino_t a = table.add_lookup(FUSE_ROOT_ID, "a", dir(2));
  fuse_ino_t b = table.add_lookup(a, "b", dir(3));
  fuse_ino_t c = table.add_lookup(b, "c", dir(4));
  fuse_ino_t x = table.add_lookup(FUSE_ROOT_ID, "x", dir(5));
  table.renamed(FUSE_ROOT_ID, "a", x, "moved", false);
  BOOST_TEST(path(a) == "/x/moved");
  BOOST_TEST(path(c) == "/x/moved/b/c");
  table.renamed(b, "c", FUSE_ROOT_ID, "top", false);
  BOOST_TEST(path(c) == "/top");
  // A rename of a name the table does not remember changes nothing.
  table.renamed(FUSE_ROOT_ID, "nothing", FUSE_ROOT_ID, "else", false);
  BOOST_TEST(path(b) == "/x/moved/b");
}

BOOST_FIXTURE_TEST_CASE(rename_over_a_directory_unplaces_the_victim, Fixture) {
  fuse_ino_t a = table.add_lookup(FUSE_ROOT_ID, "a", dir(2));
  fuse_ino_t b = table.add_lookup(FUSE_ROOT_ID, "b", dir(3));
  table.renamed(FUSE_ROOT_ID, "a", FUSE_ROOT_ID, "b", false);
  BOOST_TEST(path(a) == "/b");
  BOOST_TEST(path(b) == "error:Stale");
  BOOST_TEST(table.get(b).is_ok());  // still looked up by the kernel
  table.forget(b, 1);
  BOOST_TEST(table.size() == 2u);
}

BOOST_FIXTURE_TEST_CASE(exchange_swaps_two_directories, Fixture) {
  fuse_ino_t a = table.add_lookup(FUSE_ROOT_ID, "a", dir(2));
  fuse_ino_t d = table.add_lookup(FUSE_ROOT_ID, "d", dir(3));
  fuse_ino_t b = table.add_lookup(d, "b", dir(4));
  table.renamed(FUSE_ROOT_ID, "a", d, "b", true);
  BOOST_TEST(path(a) == "/d/b");
  BOOST_TEST(path(b) == "/a");
}

BOOST_FIXTURE_TEST_CASE(removed_directories_lose_their_paths, Fixture) {
  fuse_ino_t a = table.add_lookup(FUSE_ROOT_ID, "a", dir(2));
  fuse_ino_t b = table.add_lookup(a, "b", dir(3));
  table.removed(FUSE_ROOT_ID, "a");
  BOOST_TEST(path(a) == "error:Stale");
  BOOST_TEST(path(b) == "error:Stale");
  // A new directory under the old name is a new flare with its own nodeid.
  fuse_ino_t again = table.add_lookup(FUSE_ROOT_ID, "a", dir(9));
  BOOST_TEST(again != a);
  BOOST_TEST(path(again) == "/a");
}

BOOST_FIXTURE_TEST_CASE(a_replacement_seen_by_lookup_unplaces_the_old_node, Fixture) {
  fuse_ino_t old_dir = table.add_lookup(FUSE_ROOT_ID, "a", dir(2));
  fuse_ino_t new_dir = table.add_lookup(FUSE_ROOT_ID, "a", dir(3));  // another client's work
  BOOST_TEST(path(new_dir) == "/a");
  BOOST_TEST(path(old_dir) == "error:Stale");
}

BOOST_FIXTURE_TEST_CASE(a_directory_found_elsewhere_moves_there, Fixture) {
  fuse_ino_t a = table.add_lookup(FUSE_ROOT_ID, "a", dir(2));
  fuse_ino_t z = table.add_lookup(FUSE_ROOT_ID, "z", dir(3));
  BOOST_TEST(table.add_lookup(z, "renamed", dir(2)) == a);
  BOOST_TEST(path(a) == "/z/renamed");
}

BOOST_FIXTURE_TEST_CASE(children_keep_forgotten_parents_resolvable, Fixture) {
  fuse_ino_t a = table.add_lookup(FUSE_ROOT_ID, "a", dir(2));
  fuse_ino_t b = table.add_lookup(a, "b", dir(3));
  table.forget(a, 1);
  BOOST_TEST(path(b) == "/a/b");
  BOOST_TEST(table.size() == 3u);
  table.forget(b, 1);
  BOOST_TEST(table.size() == 1u);
  BOOST_TEST(table.get(a).code() == Errc::Stale);
}

BOOST_FIXTURE_TEST_CASE(answers_that_would_form_a_cycle_leave_no_cycle, Fixture) {
  fuse_ino_t a = table.add_lookup(FUSE_ROOT_ID, "a", dir(2));
  fuse_ino_t b = table.add_lookup(a, "b", dir(3));
  BOOST_TEST(table.add_lookup(b, "a", dir(2)) == a);  // raced answers: a inside its own child
  BOOST_TEST(path(a) == "error:Stale");
  BOOST_TEST(path(b) == "error:Stale");
  table.add_lookup(FUSE_ROOT_ID, "a", dir(2));
  BOOST_TEST(path(b) == "/a/b");
}

BOOST_FIXTURE_TEST_CASE(forget_below_zero_aborts, Fixture) {
  fuse_ino_t a = table.add_lookup(FUSE_ROOT_ID, "a", file(2));
  BOOST_TEST(aborts([&] { table.forget(a, 2); }));
  BOOST_TEST(aborts([&] { table.forget(12345, 1); }));
  BOOST_TEST(!aborts([&] { table.forget(a, 1); }));
}

}  // namespace magma::fuse
