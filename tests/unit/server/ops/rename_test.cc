// Tests of server/ops/rename: the rename(2) table, NoReplace, Exchange and subtree re-keying.
#include <boost/test/unit_test.hpp>

#include "tests/unit/server/service_fixture.h"

namespace magma::server {
namespace {

using test::must;

BOOST_FIXTURE_TEST_SUITE(ops_rename, test::ServiceFixture)

BOOST_AUTO_TEST_CASE(file_to_a_new_name) {
  FlareId f = file("/a");
  BOOST_REQUIRE(write(f, 0, "content").is_ok());
  FlareAttr before = must(getattr(f)).attr;
  BOOST_REQUIRE(rename("/a", "/b").is_ok());
  BOOST_TEST(lookup("/a").code() == Errc::NotFound);
  FlareEntry moved = must(lookup("/b")).entry;
  BOOST_TEST(moved.id == f);
  BOOST_TEST(moved.attr.ctime_ns >= before.ctime_ns);
  BOOST_TEST(moved.attr.mtime_ns == before.mtime_ns);
  BOOST_TEST(contents(f) == "content");
  BOOST_TEST((list("/") == std::vector<std::string>{".dht", "b"}));
}

BOOST_AUTO_TEST_CASE(file_between_directories) {
  FlareId src = dir_at("/src");
  FlareId dst = dir_at("/dst");
  FlareId f = file("/src/f");
  BOOST_REQUIRE(rename("/src/f", "/dst/g").is_ok());
  BOOST_TEST(must(lookup("/dst/g")).entry.id == f);
  BOOST_TEST(list("/src").empty());
  BOOST_TEST((list("/dst") == std::vector<std::string>{"g"}));
  BOOST_TEST(must(getattr(src)).attr.nlink == 2u);
  BOOST_TEST(must(getattr(dst)).attr.nlink == 2u);
}

BOOST_AUTO_TEST_CASE(directory_between_parents_moves_a_link) {
  FlareId p1 = dir_at("/p1");
  FlareId p2 = dir_at("/p2");
  dir_at("/p1/d");
  BOOST_TEST(must(getattr(p1)).attr.nlink == 3u);
  BOOST_REQUIRE(rename("/p1/d", "/p2/d").is_ok());
  BOOST_TEST(must(getattr(p1)).attr.nlink == 2u);
  BOOST_TEST(must(getattr(p2)).attr.nlink == 3u);
}

BOOST_AUTO_TEST_CASE(file_over_file_replaces_it) {
  FlareId a = file("/a");
  FlareId b = file("/b");
  BOOST_REQUIRE(write(a, 0, "new").is_ok());
  BOOST_REQUIRE(write(b, 0, "old").is_ok());
  BOOST_REQUIRE(rename("/a", "/b").is_ok());
  BOOST_TEST(must(lookup("/b")).entry.id == a);
  BOOST_TEST(contents(a) == "new");
  BOOST_TEST(getattr(b).code() == Errc::Stale);
  BOOST_TEST(lookup("/a").code() == Errc::NotFound);
  BOOST_TEST((list("/") == std::vector<std::string>{".dht", "b"}));
}

BOOST_AUTO_TEST_CASE(replaced_target_with_another_link_survives) {
  FlareId a = file("/a");
  FlareId b = file("/b");
  BOOST_REQUIRE(link(b, "/b2").is_ok());
  BOOST_REQUIRE(rename("/a", "/b").is_ok());
  BOOST_TEST(must(getattr(b)).attr.nlink == 1u);
  BOOST_TEST(must(lookup("/b2")).entry.id == b);
  BOOST_TEST(must(lookup("/b")).entry.id == a);
}

BOOST_AUTO_TEST_CASE(replaced_open_target_lives_until_release) {
  file("/a");
  FlareId b = file("/b");
  BOOST_REQUIRE(write(b, 0, "held").is_ok());
  BOOST_REQUIRE(call(OpenRequest{b}).is_ok());
  BOOST_REQUIRE(rename("/a", "/b").is_ok());
  BOOST_TEST(contents(b) == "held");
  BOOST_TEST(must(getattr(b)).attr.nlink == 0u);
  BOOST_REQUIRE(call(ReleaseRequest{b}).is_ok());
  BOOST_TEST(getattr(b).code() == Errc::Stale);
}

BOOST_AUTO_TEST_CASE(directory_over_empty_directory) {
  FlareId a = dir_at("/a");
  FlareId b = dir_at("/b");
  file("/a/inside");
  uint32_t root_links = attr_of("/").nlink;
  BOOST_REQUIRE(rename("/a", "/b").is_ok());
  BOOST_TEST(must(lookup("/b")).entry.id == a);
  BOOST_TEST(getattr(b).code() == Errc::Stale);
  BOOST_TEST(lookup("/b/inside").is_ok());
  BOOST_TEST(attr_of("/").nlink == root_links - 1);
}

BOOST_AUTO_TEST_CASE(type_mismatches_and_non_empty_targets) {
  dir_at("/dir");
  dir_at("/full");
  file("/full/f");
  file("/file");
  dir_at("/empty");
  BOOST_TEST(rename("/dir", "/full").code() == Errc::NotEmpty);
  BOOST_TEST(rename("/dir", "/file").code() == Errc::NotDir);
  BOOST_TEST(rename("/file", "/empty").code() == Errc::IsDir);
  BOOST_TEST(rename("/file", "/full").code() == Errc::IsDir);
  // Nothing moved.
  BOOST_TEST(lookup("/dir").is_ok());
  BOOST_TEST(lookup("/file").is_ok());
  BOOST_TEST(lookup("/full/f").is_ok());
}

BOOST_AUTO_TEST_CASE(onto_itself_or_another_link_changes_nothing) {
  FlareId f = file("/f");
  BOOST_REQUIRE(link(f, "/g").is_ok());
  FlareAttr before = must(getattr(f)).attr;
  BOOST_TEST(rename("/f", "/f").is_ok());
  BOOST_TEST(rename("/f", "/g").is_ok());
  BOOST_TEST(must(lookup("/f")).entry.id == f);
  BOOST_TEST(must(lookup("/g")).entry.id == f);
  FlareAttr after = must(getattr(f)).attr;
  BOOST_TEST(after.nlink == 2u);
  BOOST_TEST(after.ctime_ns == before.ctime_ns);
  dir_at("/d");
  BOOST_TEST(rename("/d", "/d").is_ok());
  BOOST_TEST(lookup("/d").is_ok());
}

BOOST_AUTO_TEST_CASE(into_its_own_subtree_is_invalid) {
  dir_at("/a");
  dir_at("/a/b");
  BOOST_TEST(rename("/a", "/a/b/c").code() == Errc::Invalid);
  BOOST_TEST(rename("/a", "/a/b").code() == Errc::Invalid);
  BOOST_TEST(rename("/a", "/a/c").code() == Errc::Invalid);
  BOOST_TEST(rename("/a/b", "/a").code() == Errc::NotEmpty);  // onto its own ancestor
  BOOST_TEST(lookup("/a/b").is_ok());
}

BOOST_AUTO_TEST_CASE(root_cannot_move) {
  dir_at("/d");
  BOOST_TEST(rename("/", "/x").code() == Errc::Busy);
  BOOST_TEST(rename("/d", "/").code() == Errc::Busy);
}

BOOST_AUTO_TEST_CASE(missing_source_or_target_parent) {
  file("/f");
  dir_at("/d");
  BOOST_TEST(rename("/missing", "/x").code() == Errc::NotFound);
  BOOST_TEST(rename("/f/x", "/x").code() == Errc::NotDir);
  BOOST_TEST(rename("/d", "/nowhere/d").code() == Errc::NotFound);
  BOOST_TEST(rename("/d", "/f/d").code() == Errc::NotDir);
  BOOST_TEST(rename("/f", "/" + std::string(256, 'x')).code() == Errc::NameTooLong);
}

BOOST_AUTO_TEST_CASE(flags_are_checked) {
  file("/a");
  file("/b");
  BOOST_TEST(rename("/a", "/b", kRenameNoReplace | kRenameExchange).code() == Errc::Invalid);
  BOOST_TEST(rename("/a", "/b", 1u << 7).code() == Errc::Invalid);
}

BOOST_AUTO_TEST_CASE(no_replace) {
  FlareId a = file("/a");
  FlareId b = file("/b");
  BOOST_TEST(rename("/a", "/b", kRenameNoReplace).code() == Errc::Exists);
  BOOST_TEST(must(lookup("/b")).entry.id == b);
  BOOST_TEST(rename("/a", "/c", kRenameNoReplace).is_ok());
  BOOST_TEST(must(lookup("/c")).entry.id == a);
}

BOOST_AUTO_TEST_CASE(exchange_swaps_two_files) {
  FlareId a = file("/a");
  FlareId b = file("/b");
  BOOST_REQUIRE(write(a, 0, "A").is_ok());
  BOOST_REQUIRE(rename("/a", "/b", kRenameExchange).is_ok());
  BOOST_TEST(must(lookup("/a")).entry.id == b);
  BOOST_TEST(must(lookup("/b")).entry.id == a);
  BOOST_TEST(contents(must(lookup("/b")).entry.id) == "A");
  BOOST_TEST((list("/") == std::vector<std::string>{".dht", "a", "b"}));
  BOOST_TEST(rename("/a", "/missing", kRenameExchange).code() == Errc::NotFound);
}

BOOST_AUTO_TEST_CASE(exchange_directory_with_file_across_parents) {
  FlareId p = dir_at("/p");
  FlareId q = dir_at("/q");
  FlareId d = dir_at("/p/d");
  file("/p/d/x");
  FlareId f = file("/q/f");
  BOOST_REQUIRE(rename("/p/d", "/q/f", kRenameExchange).is_ok());
  BOOST_TEST(must(lookup("/p/d")).entry.id == f);
  BOOST_TEST(must(lookup("/q/f")).entry.id == d);
  BOOST_TEST(lookup("/q/f/x").is_ok());
  BOOST_TEST(lookup("/p/d/x").code() == Errc::NotDir);
  BOOST_TEST((list("/q/f") == std::vector<std::string>{"x"}));
  BOOST_TEST(must(getattr(p)).attr.nlink == 2u);  // lost its subdirectory
  BOOST_TEST(must(getattr(q)).attr.nlink == 3u);  // gained one
}

BOOST_AUTO_TEST_CASE(exchange_two_directory_trees) {
  dir_at("/l");
  dir_at("/l/deep");
  file("/l/deep/leaf");
  dir_at("/r");
  file("/r/other");
  BOOST_REQUIRE(rename("/l", "/r", kRenameExchange).is_ok());
  BOOST_TEST(lookup("/r/deep/leaf").is_ok());
  BOOST_TEST(lookup("/l/other").is_ok());
  BOOST_TEST(lookup("/l/deep").code() == Errc::NotFound);
  BOOST_TEST((list("/r/deep") == std::vector<std::string>{"leaf"}));
  BOOST_TEST((list("/l") == std::vector<std::string>{"other"}));
  BOOST_TEST(rename("/l", "/l/other", kRenameExchange).code() == Errc::Invalid);
  BOOST_TEST(rename("/r/deep", "/r", kRenameExchange).code() == Errc::Invalid);
}

BOOST_AUTO_TEST_CASE(directory_rename_rekeys_the_subtree) {
  dir_at("/a");
  dir_at("/a/x");
  FlareId y = file("/a/x/y");
  dir_at("/a/x/z");
  file("/a/x/z/w");
  BOOST_REQUIRE(write(y, 0, "deep data").is_ok());
  BOOST_REQUIRE(rename("/a", "/b").is_ok());
  BOOST_TEST(must(lookup("/b/x/y")).entry.id == y);
  BOOST_TEST(lookup("/a/x/y").code() == Errc::NotFound);
  BOOST_TEST(lookup("/a").code() == Errc::NotFound);
  BOOST_TEST((list("/b/x") == std::vector<std::string>{"y", "z"}));
  BOOST_TEST((list("/b/x/z") == std::vector<std::string>{"w"}));
  BOOST_TEST(call(ReadDirRequest{"/a/x", 0, 10}).code() == Errc::NotFound);
  BOOST_TEST(contents(y) == "deep data");
  // The moved tree behaves like any other: change it below, move it again.
  file("/b/x/new");
  BOOST_REQUIRE(unlink("/b/x/y").is_ok());
  BOOST_REQUIRE(rename("/b/x", "/x").is_ok());
  BOOST_TEST((list("/x") == std::vector<std::string>{"z", "new"}));
  BOOST_TEST(rmdir("/b").is_ok());
  // The old name is free again.
  dir_at("/a");
  BOOST_TEST(list("/a").empty());
}

BOOST_AUTO_TEST_CASE(sibling_sharing_a_prefix_is_not_moved) {
  dir_at("/a");
  file("/a/in");
  dir_at("/ab");
  file("/ab/out");
  BOOST_REQUIRE(rename("/a", "/c").is_ok());
  BOOST_TEST(lookup("/ab/out").is_ok());
  BOOST_TEST(lookup("/c/in").is_ok());
  BOOST_TEST(lookup("/cb/out").code() == Errc::NotFound);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server
