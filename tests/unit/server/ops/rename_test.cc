// Tests of server/ops/rename: the rename(2) table, NoReplace, Exchange and subtree re-keying.
#include <boost/test/unit_test.hpp>
#include <atomic>
#include <future>
#include <map>
#include <thread>
#include <set>

#include "libmagma/path.h"

#include "tests/unit/server/ops/lava_ops_fixture.h"
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
  BOOST_REQUIRE(call(OpenRequest{b, {}}).is_ok());
  BOOST_REQUIRE(rename("/a", "/b").is_ok());
  BOOST_TEST(contents(b) == "held");
  BOOST_TEST(must(getattr(b)).attr.nlink == 0u);
  BOOST_REQUIRE(call(ReleaseRequest{b, {}}).is_ok());
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

// Renames in a lava of three volcanos.
struct RenameAcrossFixture : test::LavaOpsFixture {
  // Whether volcano v holds id's data file.
  bool data_on(size_t v, const FlareId& id) {
    return !must(service(v).handle(CallContext{}, ReadDataRequest{id, 0, 1})).data.empty();
  }
  // Every path of a record, entry or directory inode at or below path, on any volcano,
  // each checked to sit on the volcano that owns its key.
  std::set<std::string> rows_below(const std::string& path) {
    std::set<std::string> found;
    for (size_t v = 0; v < size(); ++v) {
      Rows rows = rows_on(v);
      auto note = [&](const std::string& p, const Key& key) {
        if (!is_same_or_below(p, path)) return;
        found.insert(p);
        BOOST_TEST(owner_of(key) == v, p << " is on v" << v);
      };
      for (const RecordRow& r : rows.records) note(r.path, sha1_key(r.path));
      for (const InodeRow& r : rows.inodes)
        if (r.attr.type == FlareType::Directory) note(r.path, sha1_key(r.path));
      for (const EntryRow& e : rows.entries) note(e.dir == "/" ? "/" + e.name : e.dir + "/" + e.name, sha1_key(e.dir));
    }
    return found;
  }
};

BOOST_FIXTURE_TEST_SUITE(ops_rename_across_volcanos, RenameAcrossFixture)

BOOST_AUTO_TEST_CASE(a_file_moves_its_names_not_its_data) {
  std::string from = path_on(0, path_on(1, "/", "src"), "f");
  std::string src_dir = from.substr(0, from.rfind('/'));
  std::string dst_dir = path_on(2, "/", "dst");
  dir_at(src_dir);
  dir_at(dst_dir);
  std::string to = path_on(1, dst_dir, "g");
  FlareId id = file(from);
  BOOST_REQUIRE(write(id, 0, std::string(100000, 'd')).is_ok());
  size_t holder = owner_of(id);
  BOOST_REQUIRE(rename(from, to).is_ok());
  BOOST_TEST(must(lookup(to)).entry.id == id);
  BOOST_TEST(lookup(from).code() == Errc::NotFound);
  BOOST_TEST(list(src_dir).empty());
  BOOST_TEST(list(dst_dir).size() == 1u);
  BOOST_TEST(attr_of(to).nlink == 1u);
  for (size_t v = 0; v < size(); ++v) BOOST_TEST(data_on(v, id) == (v == holder));
  BOOST_TEST(!has_record(from));
}

BOOST_AUTO_TEST_CASE(a_replaced_file_on_another_volcano_goes) {
  std::string a = path_on(0, "/", "a"), b = path_on(2, "/", "b");
  FlareId ia = file(a), ib = file(b);
  BOOST_REQUIRE(rename(a, b).is_ok());
  BOOST_TEST(must(lookup(b)).entry.id == ia);
  BOOST_TEST(getattr(ib).code() == Errc::Stale);
  BOOST_TEST(rename(b, a, kRenameNoReplace).is_ok());
  file(b);
  BOOST_TEST(rename(a, b, kRenameNoReplace).code() == Errc::Exists);
}

BOOST_AUTO_TEST_CASE(a_directory_rename_rekeys_its_subtree_onto_the_new_owners) {
  std::string a = path_on(1, "/", "a");
  dir_at(a);
  std::map<std::string, FlareId> files;
  for (int i = 0; i < 4; ++i) {
    std::string sub = a + "/s" + std::to_string(i);
    dir_at(sub);
    for (int j = 0; j < 15; ++j) {
      std::string rel = "/s" + std::to_string(i) + "/f" + std::to_string(j);
      files[rel] = file(a + rel);
      BOOST_REQUIRE(write(files[rel], 0, rel).is_ok());
    }
  }
  std::string b = path_on(2, "/", "b");
  uint32_t root_links = attr_of("/").nlink;
  size_t inodes = inodes_in_lava();
  BOOST_REQUIRE(rename(a, b).is_ok());
  BOOST_TEST(rows_below(a).empty());
  BOOST_TEST(rows_below(b).size() == 1u + 4u + 60u);  // every path, each on its owner
  BOOST_TEST(inodes_in_lava() == inodes);
  BOOST_TEST(attr_of("/").nlink == root_links);
  from_each_volcano([&] {
    BOOST_TEST(list(b).size() == 4u);
    BOOST_TEST(list(b + "/s2").size() == 15u);
    BOOST_TEST(dir_attr(b).nlink == 6u);
  });
  for (const auto& [rel, id] : files) {
    BOOST_TEST(must(lookup(b + rel)).entry.id == id);
    BOOST_TEST(contents(id) == rel);
  }
  // The moved tree lives on: create in it, remove from it, move it back.
  file(b + "/s0/new");
  BOOST_REQUIRE(unlink(b + "/s1/f3").is_ok());
  BOOST_REQUIRE(rename(b, a).is_ok());
  BOOST_TEST(lookup(a + "/s0/new").is_ok());
  BOOST_TEST(list(a + "/s1").size() == 14u);
  BOOST_TEST(rows_below(b).empty());
}

BOOST_AUTO_TEST_CASE(a_directory_onto_an_empty_one_on_another_volcano) {
  std::string a = path_on(0, "/", "a"), b = path_on(1, "/", "b");
  FlareId ia = dir_at(a), ib = dir_at(b);
  file(a + "/x");
  BOOST_REQUIRE(rename(a, b).is_ok());
  BOOST_TEST(must(lookup(b)).entry.id == ia);
  BOOST_TEST(getattr(ib, sha1_key(b)).code() == Errc::Stale);
  BOOST_TEST((list(b) == std::vector<std::string>{"x"}));
  dir_at(a);
  file(a + "/y");
  BOOST_TEST(rename(b, a).code() == Errc::NotEmpty);
  BOOST_TEST(lookup(b + "/x").is_ok());
}

BOOST_AUTO_TEST_CASE(exchange_of_two_trees_on_different_volcanos) {
  std::string l = path_on(0, "/", "l"), r = path_on(2, "/", "r");
  FlareId il = dir_at(l), ir = dir_at(r);
  dir_at(l + "/deep");
  file(l + "/deep/leaf");
  file(r + "/other");
  BOOST_REQUIRE(rename(l, r, kRenameExchange).is_ok());
  BOOST_TEST(must(lookup(r)).entry.id == il);
  BOOST_TEST(must(lookup(l)).entry.id == ir);
  BOOST_TEST(lookup(r + "/deep/leaf").is_ok());
  BOOST_TEST((list(l) == std::vector<std::string>{"other"}));
  BOOST_TEST(dir_attr(r).nlink == 3u);
  for (const std::string& p : rows_below("/")) BOOST_TEST(p.find("\x01") == std::string::npos, p);
}

BOOST_AUTO_TEST_CASE(concurrent_changes_through_every_volcano) {
  constexpr int kFiles = 30;
  std::string shared = path_on(0, "/", "shared");
  dir_at(shared);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (size_t t = 0; t < size(); ++t) {
    threads.emplace_back([&, t] {
      CallContext c = ctx;
      c.session = 10 + t;
      auto call_at = [&](const auto& req) { return service(t).handle(c, req); };
      std::string mine = "/t" + std::to_string(t);
      if (!call_at(MknodRequest{mine, FlareType::Directory, 0755, 0, false})) ++failures;
      for (int i = 0; i < kFiles; ++i) {
        std::string p = mine + "/f" + std::to_string(i), q = shared + "/t" + std::to_string(t) + "-" + std::to_string(i);
        auto made = call_at(MknodRequest{p, FlareType::Regular, 0644, 0, false});
        if (!made || !call_at(WriteRequest{made->entry.id, 0, test::bytes_of(p), false})) ++failures;
        if (i % 2 && !call_at(RenameRequest{p, q, 0})) ++failures;
        if (i % 5 == 0 && !call_at(UnlinkRequest{i % 2 ? q : p})) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  BOOST_TEST(failures.load() == 0);
  size_t kept = 0;
  for (size_t t = 0; t < size(); ++t) kept += list("/t" + std::to_string(t)).size();
  BOOST_TEST(kept + list(shared).size() == size() * (kFiles - kFiles / 5));
  BOOST_TEST(list(shared).size() == size() * (kFiles / 2 - kFiles / 10));
  FlareEntry one = must(lookup(shared + "/t1-1")).entry;
  BOOST_TEST(contents(one.id) == "/t1/f1");
  BOOST_TEST(attr_of("/").nlink == 3u + 1u + size());
}

BOOST_AUTO_TEST_CASE(overlapping_directory_renames_take_turns) {
  for (int round = 0; round < 3; ++round) {
    std::string n = std::to_string(round);
    std::string a = path_on(1, "/", "a" + n + "-"), x = path_on(2, "/", "x" + n + "-");
    std::string y = path_on(0, "/", "y" + n + "-");
    dir_at(a);
    FlareId b = dir_at(a + "/b");
    for (int i = 0; i < 20; ++i) file(a + "/b/f" + std::to_string(i));
    // One moves the parent, another the child, through different volcanos.
    auto outer = std::async(std::launch::async, [&] { return service(1).handle(ctx, RenameRequest{a, x, 0}); });
    auto inner = std::async(std::launch::async, [&] { return service(2).handle(ctx, RenameRequest{a + "/b", y, 0}); });
    BOOST_REQUIRE(outer.get().is_ok());
    Result<EmptyResponse> moved_inner = inner.get();
    // The child is in exactly one place, whole, with no copy left behind.
    bool at_y = lookup(y).is_ok(), in_x = lookup(x + "/b").is_ok();
    BOOST_TEST(at_y != in_x);
    BOOST_TEST(moved_inner.is_ok() == at_y);
    std::string b_now = at_y ? y : x + "/b";
    BOOST_TEST(must(lookup(b_now)).entry.id == b);
    BOOST_TEST(list(b_now).size() == 20u);
    BOOST_TEST(rows_below(at_y ? x + "/b" : y).empty());
    BOOST_TEST(rows_below(a).empty());
  }
}

BOOST_AUTO_TEST_CASE(a_directory_rename_that_fails_late_leaves_no_copy) {
  std::string a = path_on(1, "/", "a");
  dir_at(a);
  for (int i = 0; i < 10; ++i) file(a + "/f" + std::to_string(i));
  std::string p = path_on(2, "/", "p");
  FlareId ip = dir_at(p);
  // The new parent passes the first check, then refuses the entry (being removed).
  BOOST_REQUIRE(service(owner_of_path(p)).handle(CallContext{}, SetDyingRequest{p, ip, true}).is_ok());
  std::string to = path_on(0, p, "a");
  BOOST_TEST(rename(a, to).code() == Errc::NotFound);
  BOOST_TEST(rows_below(to).empty());
  BOOST_TEST(rows_below(a).size() == 11u);
  BOOST_TEST(list(a).size() == 10u);
  // Nothing stays frozen: the source takes changes again.
  BOOST_TEST(mknod(a + "/after").is_ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server
