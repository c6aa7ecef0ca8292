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
    MAGMA_RETURN_IF_ERROR(t.insert_record("/r", in.id, FlareType::Regular));
    return Status(Errc::NoSpace, "injected");
  });
  BOOST_TEST(s.code() == Errc::NoSpace);
  BOOST_TEST(!get<std::optional<Inode>>([&](Txn& t) { return t.inode(in.id); }).has_value());
  BOOST_TEST(!get<std::optional<RecordRow>>([&](Txn& t) { return t.record("/r"); }).has_value());
}

BOOST_AUTO_TEST_CASE(records_by_path) {
  FlareId a = sha1_key("a"), b = sha1_key("b");
  BOOST_REQUIRE(write([&](Txn& t) {
    MAGMA_RETURN_IF_ERROR(t.insert_record("/x", a, FlareType::Regular));
    return t.insert_record("/y", a, FlareType::Symlink);
  }).is_ok());
  auto x = get<std::optional<RecordRow>>([&](Txn& t) { return t.record("/x"); });
  BOOST_REQUIRE(x.has_value());
  BOOST_TEST(x->id == a);
  BOOST_TEST(x->path == "/x");
  BOOST_TEST(get<std::optional<RecordRow>>([&](Txn& t) { return t.record("/y"); })->type == FlareType::Symlink);
  BOOST_TEST(write([&](Txn& t) { return t.insert_record("/x", b, FlareType::Regular); }).code() == Errc::Exists);
  // put_record replaces what the path named.
  BOOST_REQUIRE(write([&](Txn& t) { return t.put_record("/x", b, FlareType::Directory); }).is_ok());
  x = get<std::optional<RecordRow>>([&](Txn& t) { return t.record("/x"); });
  BOOST_TEST(x->id == b);
  BOOST_TEST(x->type == FlareType::Directory);
  BOOST_REQUIRE(write([&](Txn& t) { return t.delete_record("/x"); }).is_ok());
  BOOST_TEST(!get<std::optional<RecordRow>>([&](Txn& t) { return t.record("/x"); }).has_value());
  BOOST_TEST(get<std::optional<RecordRow>>([&](Txn& t) { return t.record("/y"); })->id == a);
}

BOOST_AUTO_TEST_CASE(inodes_know_their_place) {
  Inode file = make_inode("/f"), dir = make_inode("/d", FlareType::Directory);
  BOOST_TEST(place_of_inode(file, sha1_key) == file.id);
  BOOST_TEST(place_of_inode(dir, sha1_key) == sha1_key("/d"));
  BOOST_REQUIRE(write([&](Txn& t) {
    MAGMA_RETURN_IF_ERROR(t.insert_inode(file));
    MAGMA_RETURN_IF_ERROR(t.insert_inode(dir));
    return t.set_dying(dir.id, true);
  }).is_ok());
  BOOST_TEST(get<std::optional<Inode>>([&](Txn& t) { return t.inode(dir.id); })->dying);
  BOOST_TEST(!get<std::optional<Inode>>([&](Txn& t) { return t.inode(file.id); })->dying);
  // Exported by place: the directory under its path's key, the file under its id.
  Rows under_dir;
  RowCursor cursor;
  BOOST_REQUIRE(store->read([&](Txn& t) {
    return t.export_range(Slice{sha1_key("/d"), sha1_key("/d")}, cursor, 10, under_dir);
  }).is_ok());
  BOOST_REQUIRE(under_dir.inodes.size() == 1u);
  BOOST_TEST(under_dir.inodes[0].id == dir.id);
}

BOOST_AUTO_TEST_CASE(entries_keep_their_cookies) {
  Inode dir = make_inode("/d", FlareType::Directory);
  std::vector<Inode> kids;
  for (const char* name : {"c", "a", "b"}) kids.push_back(make_inode(std::string("/d/") + name));
  auto add = [&](const std::string& name, const FlareId& id) {
    return write([&](Txn& t) -> Status {
      uint64_t cookie = 0;
      MAGMA_RETURN_IF_ERROR(test::assign_to(t.take_cookie(dir.id), cookie));
      return t.insert_entry("/d", name, cookie, id, FlareType::Regular);
    });
  };
  BOOST_REQUIRE(write([&](Txn& t) { return t.insert_inode(dir); }).is_ok());
  for (const Inode& k : kids) BOOST_REQUIRE(add(k.path.substr(3), k.id).is_ok());
  BOOST_TEST(get<bool>([&](Txn& t) { return t.has_entries("/d"); }));
  BOOST_TEST(!get<bool>([&](Txn& t) { return t.has_entries("/d/a"); }));
  auto rows = get<std::vector<EntryRow>>([&](Txn& t) { return t.entries_after("/d", 0, 10); });
  BOOST_REQUIRE(rows.size() == 3u);
  BOOST_TEST(rows[0].name == "c");  // creation order, not name order
  BOOST_TEST(rows[0].cookie < rows[1].cookie);
  BOOST_TEST(rows[1].cookie < rows[2].cookie);
  BOOST_TEST(rows[1].id == kids[1].id);
  auto after = get<std::vector<EntryRow>>([&](Txn& t) { return t.entries_after("/d", rows[0].cookie, 1); });
  BOOST_REQUIRE(after.size() == 1u);
  BOOST_TEST(after[0].name == "a");
  BOOST_TEST(add("a", dir.id).code() == Errc::Exists);
  auto a = get<std::optional<EntryRow>>([&](Txn& t) { return t.entry("/d", "a"); });
  BOOST_TEST(a->id == kids[1].id);
  BOOST_TEST(!get<std::optional<EntryRow>>([&](Txn& t) { return t.entry("/d", "zz"); }).has_value());

  // Re-pointing keeps the cookie; deleting and re-adding gets a new, larger one, also
  // after the newest entry went (cookies are never reused in a directory).
  BOOST_REQUIRE(write([&](Txn& t) { return t.update_entry("/d", "a", kids[0].id, FlareType::Regular); }).is_ok());
  BOOST_REQUIRE(write([&](Txn& t) { return t.delete_entry("/d", "b"); }).is_ok());
  BOOST_REQUIRE(write([&](Txn& t) { return t.delete_entry("/d", "c"); }).is_ok());
  BOOST_REQUIRE(add("c", kids[0].id).is_ok());
  auto again = get<std::vector<EntryRow>>([&](Txn& t) { return t.entries_after("/d", 0, 10); });
  BOOST_REQUIRE(again.size() == 2u);
  BOOST_TEST(again[0].name == "a");
  BOOST_TEST(again[0].cookie == rows[1].cookie);
  BOOST_TEST(again[0].id == kids[0].id);
  BOOST_TEST(again[1].name == "c");
  BOOST_TEST(again[1].cookie > rows[2].cookie);
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

// A store as schema version 1 wrote it: a root, a directory with a file and an entry
// whose cookie came from the global AUTOINCREMENT.
void write_version_1_store(const std::string& db_path, const FlareId& root, const FlareId& dir,
                           const FlareId& file) {
  auto db = must(SqliteDb::open(db_path));
  BOOST_REQUIRE(db->exec(
      "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
      "CREATE TABLE inodes (id BLOB PRIMARY KEY, type INTEGER NOT NULL, mode INTEGER NOT NULL,"
      "  uid INTEGER NOT NULL, gid INTEGER NOT NULL, nlink INTEGER NOT NULL, size INTEGER NOT NULL,"
      "  atime INTEGER NOT NULL, mtime INTEGER NOT NULL, ctime INTEGER NOT NULL, rdev INTEGER NOT NULL,"
      "  target BLOB NOT NULL, path TEXT NOT NULL) WITHOUT ROWID;"
      "CREATE INDEX inodes_by_path ON inodes(path);"
      "CREATE INDEX inodes_orphans ON inodes(id) WHERE nlink = 0;"
      "CREATE TABLE records (path TEXT PRIMARY KEY, key BLOB NOT NULL, id BLOB NOT NULL) WITHOUT ROWID;"
      "CREATE INDEX records_by_key ON records(key);"
      "CREATE INDEX records_by_id ON records(id);"
      "CREATE TABLE entries (cookie INTEGER PRIMARY KEY AUTOINCREMENT, dir_key BLOB NOT NULL,"
      "  dir_path TEXT NOT NULL, name TEXT NOT NULL, id BLOB NOT NULL, type INTEGER NOT NULL);"
      "CREATE UNIQUE INDEX entries_by_name ON entries(dir_path, name);"
      "CREATE INDEX entries_by_dir ON entries(dir_key, dir_path, cookie);"
      "CREATE TABLE xattrs (id BLOB NOT NULL, name TEXT NOT NULL, value BLOB NOT NULL,"
      "  PRIMARY KEY (id, name)) WITHOUT ROWID;"
      "INSERT INTO meta VALUES ('schema_version', '1');").is_ok());
  auto inode = [&](const FlareId& id, int type, const std::string& path) {
    BOOST_REQUIRE(db->prepare("INSERT INTO inodes VALUES (?1, ?2, 493, 0, 0, 2, 0, 1, 2, 3, 0, x'', ?3)")
                      .bind(1, id).bind(2, int64_t{type}).bind(3, path).run().is_ok());
    BOOST_REQUIRE(db->prepare("INSERT INTO records VALUES (?1, ?2, ?3)")
                      .bind(1, path).bind(2, sha1_key(path)).bind(3, id).run().is_ok());
  };
  inode(root, 2, "/");
  inode(dir, 2, "/d");
  inode(file, 1, "/d/f");
  auto entry = [&](int64_t cookie, const std::string& dir_path, const std::string& name, const FlareId& id, int type) {
    BOOST_REQUIRE(db->prepare("INSERT INTO entries VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                      .bind(1, cookie).bind(2, sha1_key(dir_path)).bind(3, dir_path).bind(4, name)
                      .bind(5, id).bind(6, int64_t{type}).run().is_ok());
  };
  entry(7, "/", "d", dir, 2);
  entry(9, "/d", "f", file, 1);
}

BOOST_AUTO_TEST_CASE(version_1_store_is_migrated) {
  store.reset();
  std::string db_path = dir / "v1.db";
  FlareId root = sha1_key("root"), d = sha1_key("dir"), f = sha1_key("file");
  write_version_1_store(db_path, root, d, f);
  store = must(FlareStore::open(db_path, sha1_key));
  // Records know their type; inodes their place.
  BOOST_TEST(get<std::optional<RecordRow>>([&](Txn& t) { return t.record("/d"); })->type == FlareType::Directory);
  BOOST_TEST(get<std::optional<RecordRow>>([&](Txn& t) { return t.record("/d/f"); })->type == FlareType::Regular);
  Rows at_dir_key;
  RowCursor cursor;
  BOOST_REQUIRE(store->read([&](Txn& t) {
    return t.export_range(Slice{sha1_key("/d"), sha1_key("/d")}, cursor, 10, at_dir_key);
  }).is_ok());
  BOOST_REQUIRE(at_dir_key.inodes.size() == 1u);
  BOOST_TEST(at_dir_key.inodes[0].id == d);
  BOOST_REQUIRE(at_dir_key.entries.size() == 1u);
  BOOST_TEST(at_dir_key.entries[0].cookie == 9u);  // cookies survive
  // New entries get cookies above every one handed out before.
  BOOST_REQUIRE(write([&](Txn& t) -> Status {
    uint64_t cookie = 0;
    MAGMA_RETURN_IF_ERROR(test::assign_to(t.take_cookie(root), cookie));
    return t.insert_entry("/", "new", cookie, f, FlareType::Regular);
  }).is_ok());
  auto in_root = get<std::vector<EntryRow>>([&](Txn& t) { return t.entries_after("/", 0, 10); });
  BOOST_REQUIRE(in_root.size() == 2u);
  BOOST_TEST(in_root[0].name == "d");
  BOOST_TEST(in_root[1].cookie > 9u);
  // And it opens as version 2 from then on.
  store.reset();
  store = must(FlareStore::open(db_path, sha1_key));
  BOOST_TEST(get<std::optional<Inode>>([&](Txn& t) { return t.inode(f); })->path == "/d/f");
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
  Inode f = make_inode("/one/f");
  BOOST_REQUIRE(write([&](Txn& t) {
    MAGMA_RETURN_IF_ERROR(t.insert_record("/one", one, FlareType::Directory));
    MAGMA_RETURN_IF_ERROR(t.insert_record("/two", two, FlareType::Directory));
    MAGMA_RETURN_IF_ERROR(t.insert_inode(f));
    return t.insert_entry("/one", "f", 1, f.id, FlareType::Regular);
  }).is_ok());
  BOOST_TEST(get<std::optional<RecordRow>>([&](Txn& t) { return t.record("/one"); })->id == one);
  BOOST_TEST(get<std::optional<RecordRow>>([&](Txn& t) { return t.record("/two"); })->id == two);
  BOOST_TEST(!get<std::optional<RecordRow>>([&](Txn& t) { return t.record("/three"); }).has_value());
  BOOST_TEST(get<std::vector<EntryRow>>([&](Txn& t) { return t.entries_after("/one", 0, 10); }).size() == 1u);
  BOOST_TEST(get<std::vector<EntryRow>>([&](Txn& t) { return t.entries_after("/two", 0, 10); }).empty());
  BOOST_REQUIRE(write([&](Txn& t) { return t.delete_record("/one"); }).is_ok());
  BOOST_TEST(get<std::optional<RecordRow>>([&](Txn& t) { return t.record("/two"); })->id == two);
  Rows rows;
  RowCursor cursor;
  BOOST_REQUIRE(store->read([&](Txn& t) { return t.export_range(Slice{}, cursor, 10, rows); }).is_ok());
  BOOST_REQUIRE(rows.records.size() == 1u);
  BOOST_TEST(rows.records[0].path == "/two");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server
