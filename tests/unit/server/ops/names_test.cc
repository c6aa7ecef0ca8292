// Tests of server/ops/names: the helpers every operation shares, on a bare store.
#include "server/ops/names.h"

#include <boost/test/unit_test.hpp>

#include "server/data_files.h"
#include "server/grace_holds.h"
#include "server/open_table.h"
#include "tests/unit/server/service_fixture.h"

namespace magma::server::ops {
namespace {

using test::must;

class NamesFixture {
 public:
  NamesFixture()
      : store(must(FlareStore::open(":memory:", sha1_key))),
        data(must(DataFiles::open(dir / "data"))),
        env{options, *store, *data, opens, grace} {
    Inode root;
    root.id = sha1_key("root");
    root.path = "/";
    root.attr.type = FlareType::Directory;
    root.attr.mode = 0755;
    root.attr.nlink = 2;
    root_id = root.id;
    BOOST_REQUIRE(store->write([&](Txn& t) {
      MAGMA_RETURN_IF_ERROR(t.insert_inode(root));
      return t.insert_record("/", root.id);
    }).is_ok());
  }

  Result<Inode> create(const std::string& path, FlareType type) {
    NewFlare spec;
    spec.type = type;
    spec.mode = 0644;
    Inode made;
    Status s = store->write([&](Txn& t) { return assign(create_flare(t, path, spec, 1000), made); });
    if (!s.is_ok()) return s;
    return made;
  }
  Result<Inode> resolved(const std::string& path) {
    Inode found;
    Status s = store->read([&](Txn& t) { return assign(resolve(t, path), found); });
    if (!s.is_ok()) return s;
    return found;
  }

  test::TempDir dir;
  ServiceOptions options;
  std::unique_ptr<FlareStore> store;
  std::unique_ptr<DataFiles> data;
  OpenTable opens;
  GraceHolds grace{std::chrono::milliseconds(0)};
  OpEnv env;
  FlareId root_id;
};

BOOST_FIXTURE_TEST_SUITE(ops_names, NamesFixture)

BOOST_AUTO_TEST_CASE(new_ids_differ_for_the_same_path_and_time) {
  BOOST_TEST(new_flare_id("/same", 42) != new_flare_id("/same", 42));
}

BOOST_AUTO_TEST_CASE(create_then_resolve) {
  Inode d = must(create("/d", FlareType::Directory));
  Inode f = must(create("/d/f", FlareType::Regular));
  BOOST_TEST(must(resolved("/d/f")).id == f.id);
  BOOST_TEST(must(resolved("/d")).attr.nlink == 2u);
  BOOST_TEST(must(resolved("/")).attr.nlink == 3u);
  BOOST_TEST(must(resolved("/")).attr.mtime_ns == 1000);
  BOOST_TEST(f.path == "/d/f");
  BOOST_TEST(d.attr.atime_ns == 1000);
}

BOOST_AUTO_TEST_CASE(resolve_errors) {
  must(create("/f", FlareType::Regular));
  BOOST_TEST(resolved("/x").code() == Errc::NotFound);
  BOOST_TEST(resolved("/x/y/z").code() == Errc::NotFound);
  BOOST_TEST(resolved("/f/y").code() == Errc::NotDir);
  BOOST_TEST(create("/f", FlareType::Regular).code() == Errc::Exists);
  BOOST_TEST(create("/f/g", FlareType::Regular).code() == Errc::NotDir);
  BOOST_TEST(create("/x/g", FlareType::Regular).code() == Errc::NotFound);
}

BOOST_AUTO_TEST_CASE(need_inode_is_stale_for_a_vanished_id) {
  Status s = store->read([&](Txn& t) { return need_inode(t, sha1_key("nope")).status(); });
  BOOST_TEST(s.code() == Errc::Stale);
}

BOOST_AUTO_TEST_CASE(drop_link_moves_the_primary_path_then_deletes) {
  Inode f = must(create("/a", FlareType::Regular));
  Doomed doomed;
  BOOST_REQUIRE(store->write([&](Txn& t) {
    MAGMA_RETURN_IF_ERROR(add_name(t, root_id, "/b", f.id, FlareType::Regular, 2000));
    MAGMA_RETURN_IF_ERROR(t.add_links(f.id, 1, 2000));
    MAGMA_RETURN_IF_ERROR(remove_name(t, root_id, "/a", FlareType::Regular, 3000));
    return drop_link(env, t, f.id, "/a", 3000, doomed);
  }).is_ok());
  Inode left = must(resolved("/b"));
  BOOST_TEST(left.path == "/b");
  BOOST_TEST(left.attr.nlink == 1u);
  BOOST_TEST(left.attr.ctime_ns == 3000);
  BOOST_TEST(doomed.empty());
  BOOST_REQUIRE(store->write([&](Txn& t) {
    MAGMA_RETURN_IF_ERROR(remove_name(t, root_id, "/b", FlareType::Regular, 4000));
    return drop_link(env, t, f.id, "/b", 4000, doomed);
  }).is_ok());
  BOOST_REQUIRE(doomed.size() == 1u);
  BOOST_TEST(doomed[0] == f.id);
}

BOOST_AUTO_TEST_CASE(drop_link_keeps_an_open_flare) {
  Inode f = must(create("/open", FlareType::Regular));
  opens.open(1, f.id);
  Doomed doomed;
  BOOST_REQUIRE(store->write([&](Txn& t) {
    MAGMA_RETURN_IF_ERROR(remove_name(t, root_id, "/open", FlareType::Regular, 5));
    return drop_link(env, t, f.id, "/open", 5, doomed);
  }).is_ok());
  BOOST_TEST(doomed.empty());
  Status s = store->read([&](Txn& t) -> Status {
    Inode kept;
    MAGMA_RETURN_IF_ERROR(assign(need_inode(t, f.id), kept));
    return kept.attr.nlink == 0 ? Status::ok() : Status(Errc::Io, "nlink not 0");
  });
  BOOST_TEST(s.is_ok());
}

BOOST_AUTO_TEST_CASE(report_fills_ino_and_blocks) {
  Inode f = must(create("/r", FlareType::Regular));
  BOOST_TEST(report(env, f).ino == ino_of(f.id));
  BOOST_TEST(report(env, f).blocks == 0u);
  const uint8_t bytes[8192] = {1};
  BOOST_REQUIRE(data->write(f.id, 0, bytes, sizeof(bytes)).is_ok());
  BOOST_TEST(report(env, f).blocks >= 16u);
  FlareEntry e = entry_of(env, f);
  BOOST_TEST(e.id == f.id);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server::ops
