// Tests of server/flare_store: the metadata primitives, transactions and key collisions.
#include "server/flare_store.h"

#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>

#include "tests/unit/server/service_fixture.h"

namespace magma::server {
namespace {

using test::must;
using test::TempDir;
using Txn = FlareStore::Txn;

Inode make_inode(const std::string& path, FlareType type = FlareType::Regular) {
  Inode in;
  in.id = sha1_key("id:" + path);
  in.path = path;
  in.attr.type = type;
  in.attr.mode = 0640;
  in.attr.uid = 12;
  in.attr.gid = 34;
  in.attr.nlink = 1;
  in.attr.size = 99;
  in.attr.atime_ns = 1;
  in.attr.mtime_ns = 2;
  in.attr.ctime_ns = 3;
  in.attr.rdev = 77;
  in.target = "target";
  return in;
}

struct StoreFixture {
  explicit StoreFixture(KeyFunction key_of = sha1_key)
      : store(must(FlareStore::open(dir / "flares.db", std::move(key_of)))) {}
  TempDir dir;
  std::unique_ptr<FlareStore> store;

  Status write(const std::function<Status(Txn&)>& fn) { return store->write(fn); }
  template <class T>
  T get(const std::function<Result<T>(Txn&)>& fn) {
    T out{};
    BOOST_REQUIRE(store->read([&](Txn& t) {
      Result<T> r = fn(t);
      if (!r) return r.status();
      out = std::move(*r);
      return Status::ok();
    }).is_ok());
    return out;
  }
};

struct CollidingStoreFixture : StoreFixture {
  CollidingStoreFixture() : StoreFixture(test::same_key_for_all) {}
};

BOOST_FIXTURE_TEST_SUITE(flare_store, StoreFixture)

BOOST_AUTO_TEST_CASE(inode_round_trip_update_and_delete) {
  Inode in = make_inode("/f");
  BOOST_REQUIRE(write([&](Txn& t) { return t.insert_inode(in); }).is_ok());
  auto got = get<std::optional<Inode>>([&](Txn& t) { return t.inode(in.id); });
  BOOST_REQUIRE(got.has_value());
  BOOST_TEST(got->id == in.id);
  BOOST_TEST(got->path == "/f");
  BOOST_TEST(got->target == "target");
  BOOST_TEST(got->attr.type == FlareType::Regular);
  BOOST_TEST(got->attr.mode == 0640u);
  BOOST_TEST(got->attr.uid == 12u);
  BOOST_TEST(got->attr.gid == 34u);
  BOOST_TEST(got->attr.nlink == 1u);
  BOOST_TEST(got->attr.size == 99u);
  BOOST_TEST(got->attr.atime_ns == 1);
  BOOST_TEST(got->attr.mtime_ns == 2);
  BOOST_TEST(got->attr.ctime_ns == 3);
  BOOST_TEST(got->attr.rdev == 77u);

  in.attr.size = 5;
  in.path = "/g";
  BOOST_REQUIRE(write([&](Txn& t) { return t.update_inode(in); }).is_ok());
  got = get<std::optional<Inode>>([&](Txn& t) { return t.inode(in.id); });
  BOOST_TEST(got->attr.size == 5u);
  BOOST_TEST(got->path == "/g");

  BOOST_TEST(write([&](Txn& t) { return t.insert_inode(in); }).code() == Errc::Exists);
  BOOST_REQUIRE(write([&](Txn& t) { return t.set_xattr(in.id, "user.a", Bytes{1}); }).is_ok());
  BOOST_REQUIRE(write([&](Txn& t) { return t.delete_inode(in.id); }).is_ok());
  BOOST_TEST(!get<std::optional<Inode>>([&](Txn& t) { return t.inode(in.id); }).has_value());
  BOOST_TEST(get<std::vector<std::string>>([&](Txn& t) { return t.xattr_names(in.id); }).empty());
}

BOOST_AUTO_TEST_CASE(touch_dir_and_add_links) {
  Inode dir = make_inode("/d", FlareType::Directory);
  dir.attr.nlink = 2;
  BOOST_REQUIRE(write([&](Txn& t) { return t.insert_inode(dir); }).is_ok());
  BOOST_REQUIRE(write([&](Txn& t) { return t.touch_dir(dir.id, 1, 500); }).is_ok());
  auto got = *get<std::optional<Inode>>([&](Txn& t) { return t.inode(dir.id); });
  BOOST_TEST(got.attr.nlink == 3u);
  BOOST_TEST(got.attr.mtime_ns == 500);
  BOOST_TEST(got.attr.ctime_ns == 500);
  BOOST_REQUIRE(write([&](Txn& t) { return t.add_links(dir.id, -1, 600); }).is_ok());
  got = *get<std::optional<Inode>>([&](Txn& t) { return t.inode(dir.id); });
  BOOST_TEST(got.attr.nlink == 2u);
  BOOST_TEST(got.attr.mtime_ns == 500);
  BOOST_TEST(got.attr.ctime_ns == 600);
}

BOOST_AUTO_TEST_CASE(failed_function_rolls_everything_back) {
  Inode in = make_inode("/r");
  Status s = write([&](Txn& t) {
    MAGMA_RETURN_IF_ERROR(t.insert_inode(in));
    MAGMA_RETURN_IF_ERROR(t.insert_record("/r", in.id));
    return Status(Errc::NoSpace, "injected");
  });
  BOOST_TEST(s.code() == Errc::NoSpace);
  BOOST_TEST(!get<std::optional<Inode>>([&](Txn& t) { return t.inode(in.id); }).has_value());
  BOOST_TEST(!get<std::optional<FlareId>>([&](Txn& t) { return t.record("/r"); }).has_value());
}

BOOST_AUTO_TEST_CASE(records_by_path) {
  FlareId a = sha1_key("a"), b = sha1_key("b");
  BOOST_REQUIRE(write([&](Txn& t) {
    MAGMA_RETURN_IF_ERROR(t.insert_record("/x", a));
    return t.insert_record("/y", a);
  }).is_ok());
  BOOST_TEST(*get<std::optional<FlareId>>([&](Txn& t) { return t.record("/x"); }) == a);
  BOOST_TEST(write([&](Txn& t) { return t.insert_record("/x", b); }).code() == Errc::Exists);
  BOOST_REQUIRE(write([&](Txn& t) { return t.delete_record("/x"); }).is_ok());
  BOOST_TEST(!get<std::optional<FlareId>>([&](Txn& t) { return t.record("/x"); }).has_value());
  BOOST_TEST(*get<std::optional<std::string>>([&](Txn& t) { return t.any_path_of(a); }) == "/y");
  BOOST_TEST(!get<std::optional<std::string>>([&](Txn& t) { return t.any_path_of(b); }).has_value());
}

BOOST_AUTO_TEST_CASE(records_in_iterates_a_slice_in_key_order) {
  std::vector<std::string> paths;
  for (int i = 0; i < 50; ++i) paths.push_back("/p" + std::to_string(i));
  BOOST_REQUIRE(write([&](Txn& t) {
    for (const auto& p : paths) MAGMA_RETURN_IF_ERROR(t.insert_record(p, sha1_key(p)));
    return Status::ok();
  }).is_ok());
  Slice lower{Key::min(), Slice{}.midpoint()};
  auto recs = get<std::vector<Record>>([&](Txn& t) { return t.records_in(lower, 1000); });
  size_t expected = 0;
  for (const auto& p : paths) expected += lower.contains(sha1_key(p)) ? 1 : 0;
  BOOST_TEST(recs.size() == expected);
  for (size_t i = 0; i < recs.size(); ++i) {
    BOOST_TEST(recs[i].key == sha1_key(recs[i].path));
    BOOST_TEST(lower.contains(recs[i].key));
    if (i > 0) BOOST_TEST(recs[i - 1].key < recs[i].key);
  }
  BOOST_TEST(get<std::vector<Record>>([&](Txn& t) { return t.records_in(Slice{}, 7); }).size() == 7u);
}

BOOST_AUTO_TEST_CASE(entries_keep_their_cookies) {
  Inode dir = make_inode("/d", FlareType::Directory);
  std::vector<Inode> kids;
  for (const char* name : {"c", "a", "b"}) kids.push_back(make_inode(std::string("/d/") + name));
  BOOST_REQUIRE(write([&](Txn& t) {
    MAGMA_RETURN_IF_ERROR(t.insert_inode(dir));
    for (const Inode& k : kids) {
      MAGMA_RETURN_IF_ERROR(t.insert_inode(k));
      MAGMA_RETURN_IF_ERROR(t.insert_entry("/d", k.path.substr(3), k.id, k.attr.type));
    }
    return Status::ok();
  }).is_ok());
  BOOST_TEST(get<bool>([&](Txn& t) { return t.has_entries("/d"); }));
  BOOST_TEST(!get<bool>([&](Txn& t) { return t.has_entries("/d/a"); }));
  auto rows = get<std::vector<DirRow>>([&](Txn& t) { return t.entries_after("/d", 0, 10); });
  BOOST_REQUIRE(rows.size() == 3u);
  BOOST_TEST(rows[0].name == "c");  // creation order, not name order
  BOOST_TEST(rows[0].cookie < rows[1].cookie);
  BOOST_TEST(rows[1].cookie < rows[2].cookie);
  BOOST_TEST(rows[1].inode.id == kids[1].id);
  BOOST_TEST(rows[1].inode.attr.size == 99u);
  auto after = get<std::vector<DirRow>>([&](Txn& t) { return t.entries_after("/d", rows[0].cookie, 1); });
  BOOST_REQUIRE(after.size() == 1u);
  BOOST_TEST(after[0].name == "a");
  BOOST_TEST(write([&](Txn& t) { return t.insert_entry("/d", "a", dir.id, FlareType::Regular); }).code() ==
             Errc::Exists);

  // Re-pointing keeps the cookie; deleting and re-adding gets a new, larger one.
  BOOST_REQUIRE(write([&](Txn& t) { return t.update_entry("/d", "a", kids[0].id, FlareType::Regular); }).is_ok());
  BOOST_REQUIRE(write([&](Txn& t) {
    MAGMA_RETURN_IF_ERROR(t.delete_entry("/d", "c"));
    return t.insert_entry("/d", "c", kids[0].id, FlareType::Regular);
  }).is_ok());
  auto again = get<std::vector<DirRow>>([&](Txn& t) { return t.entries_after("/d", 0, 10); });
  BOOST_REQUIRE(again.size() == 3u);
  BOOST_TEST(again[0].name == "a");
  BOOST_TEST(again[0].cookie == rows[1].cookie);
  BOOST_TEST(again[0].inode.id == kids[0].id);
  BOOST_TEST(again[2].name == "c");
  BOOST_TEST(again[2].cookie > rows[2].cookie);
}

BOOST_AUTO_TEST_CASE(move_subtree_repaths_records_entries_and_inodes) {
  Inode a = make_inode("/a", FlareType::Directory), ax = make_inode("/a/x", FlareType::Directory);
  Inode axy = make_inode("/a/x/y"), ab = make_inode("/ab");  // "/ab" shares a prefix, not the subtree
  BOOST_REQUIRE(write([&](Txn& t) {
    for (const Inode* in : {&a, &ax, &axy, &ab}) {
      MAGMA_RETURN_IF_ERROR(t.insert_inode(*in));
      MAGMA_RETURN_IF_ERROR(t.insert_record(in->path, in->id));
    }
    MAGMA_RETURN_IF_ERROR(t.insert_entry("/a", "x", ax.id, FlareType::Directory));
    MAGMA_RETURN_IF_ERROR(t.insert_entry("/a/x", "y", axy.id, FlareType::Regular));
    return t.move_subtree("/a", "/b/c");
  }).is_ok());
  auto id_at = [&](const std::string& p) { return get<std::optional<FlareId>>([&](Txn& t) { return t.record(p); }); };
  BOOST_TEST(!id_at("/a").has_value());
  BOOST_TEST(!id_at("/a/x/y").has_value());
  BOOST_TEST(*id_at("/b/c") == a.id);
  BOOST_TEST(*id_at("/b/c/x/y") == axy.id);
  BOOST_TEST(*id_at("/ab") == ab.id);
  BOOST_TEST(get<std::vector<DirRow>>([&](Txn& t) { return t.entries_after("/b/c/x", 0, 10); }).size() == 1u);
  BOOST_TEST(!get<bool>([&](Txn& t) { return t.has_entries("/a/x"); }));
  BOOST_TEST(get<std::optional<Inode>>([&](Txn& t) { return t.inode(axy.id); })->path == "/b/c/x/y");
  BOOST_TEST(get<std::optional<Inode>>([&](Txn& t) { return t.inode(ab.id); })->path == "/ab");
  // The re-keyed record is in the key index under its new key.
  auto recs = get<std::vector<Record>>([&](Txn& t) { return t.records_in(Slice{}, 100); });
  for (const Record& r : recs) BOOST_TEST(r.key == sha1_key(r.path));
}

BOOST_AUTO_TEST_CASE(orphans_and_count) {
  Inode kept = make_inode("/k"), orphan = make_inode("/o");
  orphan.attr.nlink = 0;
  BOOST_REQUIRE(write([&](Txn& t) {
    MAGMA_RETURN_IF_ERROR(t.insert_inode(kept));
    return t.insert_inode(orphan);
  }).is_ok());
  auto orphans = get<std::vector<FlareId>>([&](Txn& t) { return t.orphans(); });
  BOOST_REQUIRE(orphans.size() == 1u);
  BOOST_TEST(orphans[0] == orphan.id);
  BOOST_TEST(get<uint64_t>([&](Txn& t) { return t.inode_count(); }) == 2u);
}

BOOST_AUTO_TEST_CASE(xattr_primitives) {
  FlareId id = sha1_key("x");
  BOOST_REQUIRE(write([&](Txn& t) {
    MAGMA_RETURN_IF_ERROR(t.set_xattr(id, "user.b", Bytes{1, 2}));
    MAGMA_RETURN_IF_ERROR(t.set_xattr(id, "user.a", Bytes{}));
    return t.set_xattr(id, "user.b", Bytes{3});
  }).is_ok());
  auto b = get<std::optional<Bytes>>([&](Txn& t) { return t.xattr(id, "user.b"); });
  BOOST_TEST((*b == Bytes{3}));
  auto a = get<std::optional<Bytes>>([&](Txn& t) { return t.xattr(id, "user.a"); });
  BOOST_TEST((a.has_value() && a->empty()));
  auto names = get<std::vector<std::string>>([&](Txn& t) { return t.xattr_names(id); });
  BOOST_TEST((names == std::vector<std::string>{"user.a", "user.b"}));
  bool removed = false;
  BOOST_REQUIRE(write([&](Txn& t) { return test::assign_to(t.remove_xattr(id, "user.a"), removed); }).is_ok());
  BOOST_TEST(removed);
  BOOST_REQUIRE(write([&](Txn& t) { return test::assign_to(t.remove_xattr(id, "user.a"), removed); }).is_ok());
  BOOST_TEST(!removed);
}

BOOST_AUTO_TEST_CASE(durable_writes_commit_or_roll_back) {
  BOOST_TEST(store->make_durable().is_ok());
  Inode kept = make_inode("/kept"), dropped = make_inode("/dropped");
  BOOST_TEST(store->write_durable([&](Txn& t) { return t.insert_inode(kept); }).is_ok());
  Status failed = store->write_durable([&](Txn& t) {
    MAGMA_RETURN_IF_ERROR(t.insert_inode(dropped));
    return Status(Errc::Io, "injected");
  });
  BOOST_TEST(failed.code() == Errc::Io);
  BOOST_TEST(get<std::optional<Inode>>([&](Txn& t) { return t.inode(kept.id); }).has_value());
  BOOST_TEST(!get<std::optional<Inode>>([&](Txn& t) { return t.inode(dropped.id); }).has_value());
  BOOST_TEST(store->write([&](Txn& t) { return t.insert_inode(dropped); }).is_ok());  // usable after
}

BOOST_AUTO_TEST_CASE(clean_and_unclean_starts) {
  BOOST_TEST(store->clean_start());  // a new store
  store.reset();
  store = must(FlareStore::open(dir / "flares.db", sha1_key));
  BOOST_TEST(store->clean_start());
  store.reset();
  std::fflush(nullptr);  // or the child's exit could repeat buffered output
  pid_t child = fork();
  if (child == 0) {
    auto crashing = FlareStore::open(dir / "flares.db", sha1_key);
    _exit(crashing ? 0 : 1);  // no destructor runs: an unclean end
  }
  int status = 0;
  BOOST_REQUIRE(waitpid(child, &status, 0) == child);
  BOOST_REQUIRE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  store = must(FlareStore::open(dir / "flares.db", sha1_key));
  BOOST_TEST(!store->clean_start());
}

BOOST_AUTO_TEST_CASE(newer_schema_is_refused) {
  store.reset();
  {
    auto db = must(SqliteDb::open(dir / "flares.db"));
    BOOST_REQUIRE(db->exec("UPDATE meta SET value = '999' WHERE name = 'schema_version'").is_ok());
  }
  auto reopened = FlareStore::open(dir / "flares.db", sha1_key);
  BOOST_TEST(reopened.code() == Errc::Invalid);
  BOOST_TEST(reopened.status().message().find("999") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(memory_database_works) {
  auto mem = must(FlareStore::open(":memory:", sha1_key));
  Inode in = make_inode("/m");
  BOOST_TEST(mem->write([&](Txn& t) { return t.insert_inode(in); }).is_ok());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(flare_store_collisions, CollidingStoreFixture)

BOOST_AUTO_TEST_CASE(colliding_paths_keep_separate_records_and_entries) {
  FlareId one = sha1_key("1"), two = sha1_key("2");
  BOOST_REQUIRE(write([&](Txn& t) {
    MAGMA_RETURN_IF_ERROR(t.insert_record("/one", one));
    MAGMA_RETURN_IF_ERROR(t.insert_record("/two", two));
    MAGMA_RETURN_IF_ERROR(t.insert_inode(make_inode("/one/f")));
    MAGMA_RETURN_IF_ERROR(t.insert_entry("/one", "f", make_inode("/one/f").id, FlareType::Regular));
    return Status::ok();
  }).is_ok());
  BOOST_TEST(*get<std::optional<FlareId>>([&](Txn& t) { return t.record("/one"); }) == one);
  BOOST_TEST(*get<std::optional<FlareId>>([&](Txn& t) { return t.record("/two"); }) == two);
  BOOST_TEST(!get<std::optional<FlareId>>([&](Txn& t) { return t.record("/three"); }).has_value());
  BOOST_TEST(get<std::vector<DirRow>>([&](Txn& t) { return t.entries_after("/one", 0, 10); }).size() == 1u);
  BOOST_TEST(get<std::vector<DirRow>>([&](Txn& t) { return t.entries_after("/two", 0, 10); }).empty());
  BOOST_REQUIRE(write([&](Txn& t) { return t.delete_record("/one"); }).is_ok());
  BOOST_TEST(*get<std::optional<FlareId>>([&](Txn& t) { return t.record("/two"); }) == two);
  auto recs = get<std::vector<Record>>([&](Txn& t) { return t.records_in(Slice{}, 10); });
  BOOST_REQUIRE(recs.size() == 1u);
  BOOST_TEST(recs[0].path == "/two");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server
