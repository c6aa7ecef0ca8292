// Tests of server/flare_store_rows: exporting, importing and deleting rows by key range
// (hand-offs) and by subtree (directory renames).
#include <boost/test/unit_test.hpp>
#include <set>

#include "server/flare_store.h"
#include "tests/unit/server/service_fixture.h"

namespace magma::server {
namespace {

using test::must;
using Txn = FlareStore::Txn;

Inode dir_inode(const std::string& path) {
  Inode in;
  in.id = sha1_key("id:" + path);
  in.path = path;
  in.attr.type = FlareType::Directory;
  in.attr.mode = 0755;
  in.attr.nlink = 2;
  return in;
}

Inode file_inode(const std::string& path) {
  Inode in = dir_inode(path);
  in.attr.type = FlareType::Regular;
  in.attr.nlink = 1;
  in.attr.size = 5;
  return in;
}

// A store holding a small tree: /a (dir) with /a/x (dir) holding /a/x/f (file), and a
// sibling /ab (dir) that shares /a's prefix, /a.txt (file), each with record and entry.
struct RowsFixture {
  RowsFixture() : store(must(FlareStore::open(":memory:", sha1_key))) {
    for (const char* p : {"/", "/a", "/a/x", "/ab"}) add(dir_inode(p));
    for (const char* p : {"/a/x/f", "/a.txt"}) add(file_inode(p));
    BOOST_REQUIRE(store->write([&](Txn& t) { return t.set_xattr(sha1_key("id:/a/x"), "user.k", Bytes{7}); }).is_ok());
  }

  void add(const Inode& in) {
    BOOST_REQUIRE(store->write([&](Txn& t) -> Status {
      MAGMA_RETURN_IF_ERROR(t.insert_inode(in));
      MAGMA_RETURN_IF_ERROR(t.insert_record(in.path, in.id, in.attr.type));
      if (in.path == "/") return Status::ok();
      std::string parent = in.path.substr(0, in.path.rfind('/'));
      if (parent.empty()) parent = "/";
      return t.insert_entry(parent, in.path.substr(in.path.rfind('/') + 1), ++cookie, in.id, in.attr.type);
    }).is_ok());
  }

  // Every page of an export, with at most limit rows a page.
  Rows export_all(const std::function<Status(Txn&, RowCursor&, Rows&)>& page, size_t& pages) {
    Rows all;
    RowCursor cursor;
    for (pages = 0; cursor.table != RowCursor::kDone; ++pages) {
      Rows one;
      BOOST_REQUIRE(store->read([&](Txn& t) { return page(t, cursor, one); }).is_ok());
      all.records.insert(all.records.end(), one.records.begin(), one.records.end());
      all.inodes.insert(all.inodes.end(), one.inodes.begin(), one.inodes.end());
      all.entries.insert(all.entries.end(), one.entries.begin(), one.entries.end());
      BOOST_REQUIRE(pages < 100u);
    }
    return all;
  }
  Rows subtree(const std::string& path, size_t limit = 100) {
    size_t pages = 0;
    return export_all([&](Txn& t, RowCursor& c, Rows& out) { return t.export_subtree(path, c, limit, out); }, pages);
  }

  std::set<std::string> record_paths() {
    Rows all = subtree_of_everything();
    std::set<std::string> paths;
    for (const RecordRow& r : all.records) paths.insert(r.path);
    return paths;
  }
  Rows subtree_of_everything() {
    size_t pages = 0;
    return export_all([&](Txn& t, RowCursor& c, Rows& out) { return t.export_range(Slice{}, c, 100, out); }, pages);
  }

  std::unique_ptr<FlareStore> store;
  uint64_t cookie = 0;
};

BOOST_FIXTURE_TEST_SUITE(flare_store_rows, RowsFixture)

BOOST_AUTO_TEST_CASE(export_range_pages_through_every_table_in_key_order) {
  for (size_t limit : {1u, 2u, 3u, 100u}) {
    size_t pages = 0;
    Rows all = export_all([&](Txn& t, RowCursor& c, Rows& out) { return t.export_range(Slice{}, c, limit, out); },
                          pages);
    BOOST_TEST(all.records.size() == 6u);
    BOOST_TEST(all.inodes.size() == 6u);
    BOOST_TEST(all.entries.size() == 5u);
    if (limit == 1u) BOOST_TEST(pages >= 17u);
    for (size_t i = 1; i < all.records.size(); ++i)
      BOOST_TEST(sha1_key(all.records[i - 1].path) < sha1_key(all.records[i].path));
    for (size_t i = 1; i < all.inodes.size(); ++i) {
      auto place = [](const InodeRow& r) {
        return r.attr.type == FlareType::Directory ? sha1_key(r.path) : r.id;
      };
      BOOST_TEST(place(all.inodes[i - 1]) < place(all.inodes[i]));
    }
  }
}

BOOST_AUTO_TEST_CASE(export_range_keeps_to_its_slice) {
  Key mid = Slice{}.midpoint();
  size_t pages = 0;
  Slice lower{Key::min(), mid};
  Rows low = export_all([&](Txn& t, RowCursor& c, Rows& out) { return t.export_range(lower, c, 2, out); }, pages);
  Slice upper{key_successor(mid), Key::max()};
  Rows high = export_all([&](Txn& t, RowCursor& c, Rows& out) { return t.export_range(upper, c, 2, out); }, pages);
  BOOST_TEST(low.records.size() + high.records.size() == 6u);
  for (const RecordRow& r : low.records) BOOST_TEST(lower.contains(sha1_key(r.path)));
  for (const EntryRow& e : high.entries) BOOST_TEST(upper.contains(sha1_key(e.dir)));
  for (const InodeRow& r : low.inodes)
    if (r.attr.type == FlareType::Regular) BOOST_TEST(lower.contains(r.id));
}

BOOST_AUTO_TEST_CASE(export_subtree_takes_the_subtree_and_nothing_beside_it) {
  Rows a = subtree("/a", 1);
  std::set<std::string> records, dirs, entry_dirs;
  for (const RecordRow& r : a.records) records.insert(r.path);
  for (const InodeRow& r : a.inodes) dirs.insert(r.path);
  for (const EntryRow& e : a.entries) entry_dirs.insert(e.dir + ":" + e.name);
  BOOST_TEST((records == std::set<std::string>{"/a", "/a/x", "/a/x/f"}));
  BOOST_TEST((dirs == std::set<std::string>{"/a", "/a/x"}));  // file inodes never move
  BOOST_TEST((entry_dirs == std::set<std::string>{"/a:x", "/a/x:f"}));
  for (const InodeRow& r : a.inodes)
    if (r.path == "/a/x") BOOST_TEST(r.xattrs.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_removed_directory_kept_open_does_not_move) {
  BOOST_REQUIRE(store->write([&](Txn& t) { return t.add_links(sha1_key("id:/a/x"), -2, 1); }).is_ok());
  Rows a = subtree("/a");
  BOOST_TEST(a.inodes.size() == 1u);
  BOOST_REQUIRE(store->write([&](Txn& t) { return t.delete_subtree("/a", false, FlareId{}); }).is_ok());
  BOOST_TEST(store->read([&](Txn& t) -> Status {
    Result<std::optional<Inode>> kept = t.inode(sha1_key("id:/a/x"));
    return kept && *kept ? Status::ok() : Status(Errc::NotFound, "deleted");
  }).is_ok());
}

BOOST_AUTO_TEST_CASE(import_replaces_and_delete_subtree_removes) {
  Rows a = subtree("/a");
  // Re-path as a rename to /b would, then store and delete the old rows.
  for (RecordRow& r : a.records) r.path = "/b" + r.path.substr(2);
  for (InodeRow& r : a.inodes) r.path = "/b" + r.path.substr(2);
  for (EntryRow& e : a.entries) e.dir = "/b" + e.dir.substr(2);
  a.inodes[0].last_cookie = 99;
  BOOST_REQUIRE(store->write([&](Txn& t) { return t.import_rows(a); }).is_ok());
  BOOST_REQUIRE(store->write([&](Txn& t) { return t.import_rows(a); }).is_ok());  // twice is once
  BOOST_REQUIRE(store->write([&](Txn& t) { return t.delete_subtree("/a", false, FlareId{}); }).is_ok());
  BOOST_TEST((record_paths() == std::set<std::string>{"/", "/ab", "/a.txt", "/b", "/b/x", "/b/x/f"}));
  auto x = must([&]() -> Result<std::optional<Inode>> {
    std::optional<Inode> in;
    Status s = store->read([&](Txn& t) { return test::assign_to(t.inode(sha1_key("id:/a/x")), in); });
    if (!s.is_ok()) return s;
    return in;
  }());
  BOOST_REQUIRE(x.has_value());
  BOOST_TEST(x->path == "/b/x");  // same id, new path (and place)
  auto entries = [&](const std::string& d) {
    std::vector<EntryRow> rows;
    BOOST_REQUIRE(store->read([&](Txn& t) { return test::assign_to(t.entries_after(d, 0, 10), rows); }).is_ok());
    return rows.size();
  };
  BOOST_TEST(entries("/b/x") == 1u);
  BOOST_TEST(entries("/a/x") == 0u);
  BOOST_TEST(entries("/ab") == 0u);
  Bytes value;
  BOOST_REQUIRE(store->read([&](Txn& t) -> Status {
    std::optional<Bytes> v;
    MAGMA_RETURN_IF_ERROR(test::assign_to(t.xattr(sha1_key("id:/a/x"), "user.k"), v));
    value = v.value_or(Bytes{});
    return Status::ok();
  }).is_ok());
  BOOST_TEST((value == Bytes{7}));
  uint64_t cookie = 0;
  BOOST_REQUIRE(store->write([&](Txn& t) { return test::assign_to(t.take_cookie(a.inodes[0].id), cookie); }).is_ok());
  BOOST_TEST(cookie == 100u);  // the counter travelled with the directory
}

BOOST_AUTO_TEST_CASE(delete_subtree_can_keep_the_root_record_and_an_inode) {
  FlareId a = sha1_key("id:/a"), ax = sha1_key("id:/a/x");
  BOOST_REQUIRE(store->write([&](Txn& t) { return t.delete_subtree("/a", true, a); }).is_ok());
  BOOST_TEST((record_paths() == std::set<std::string>{"/", "/a", "/ab", "/a.txt"}));
  BOOST_REQUIRE(store->read([&](Txn& t) -> Status {
    std::optional<Inode> kept, gone;
    MAGMA_RETURN_IF_ERROR(test::assign_to(t.inode(a), kept));
    MAGMA_RETURN_IF_ERROR(test::assign_to(t.inode(ax), gone));
    return kept && !gone ? Status::ok() : Status(Errc::Io, "wrong inodes deleted");
  }).is_ok());
}

BOOST_AUTO_TEST_CASE(delete_range_deletes_in_bounded_steps) {
  std::vector<FlareId> gone;
  size_t total = 0, steps = 0;
  for (;; ++steps) {
    size_t deleted = 0;
    BOOST_REQUIRE(store->write([&](Txn& t) { return test::assign_to(t.delete_range(Slice{}, 2, gone), deleted); }).is_ok());
    BOOST_TEST(deleted <= 6u);  // at most 2 per table
    if (deleted == 0) break;
    total += deleted;
  }
  BOOST_TEST(total == 17u);
  BOOST_TEST(steps >= 3u);
  BOOST_TEST(gone.size() == 6u);
  BOOST_TEST(subtree_of_everything().size() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server
