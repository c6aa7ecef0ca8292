// Tests of server/ops/names: the helpers the operations on one volcano share, on a bare
// store.
#include "server/ops/names.h"

#include <boost/test/unit_test.hpp>

#include "server/data_files.h"
#include "server/grace_holds.h"
#include "server/lava.h"
#include "server/open_table.h"
#include "server/shares.h"
#include "tests/unit/server/service_fixture.h"

namespace magma::server::ops {
namespace {

using test::must;

class NamesFixture {
 public:
  NamesFixture()
      : store(must(FlareStore::open(":memory:", sha1_key))),
        data(must(DataFiles::open(dir / "data"))),
        lava(VolcanoInfo{"names", "", "127.0.0.1", 1, 2, Slice{}}, ""),
        env{options, *store, *data, opens, grace, lava, *shares} {}

  Inode add(const std::string& path, FlareType type, uint32_t nlink) {
    Inode in;
    in.id = new_flare_id(sha1_key(path));
    in.path = path;
    in.attr.type = type;
    in.attr.nlink = nlink;
    BOOST_REQUIRE(store->write([&](Txn& t) { return t.insert_inode(in); }).is_ok());
    return in;
  }
  // Changes in's links by delta at time now; returns the flares deleted.
  Doomed change(Inode& in, int delta, int64_t now) {
    Doomed doomed;
    BOOST_REQUIRE(store->write([&](Txn& t) { return change_links(env, t, in, delta, now, doomed); }).is_ok());
    return doomed;
  }
  Result<Inode> stored(const FlareId& id) {
    Inode found;
    Status s = store->read([&](Txn& t) { return assign(need_inode(t, id), found); });
    if (!s.is_ok()) return s;
    return found;
  }

  test::TempDir dir;
  ServiceOptions options;
  std::unique_ptr<FlareStore> store;
  std::unique_ptr<DataFiles> data;
  OpenTable opens;
  GraceHolds grace{std::chrono::milliseconds(0)};
  Lava lava;
  std::unique_ptr<Shares> shares = Shares::open_to_all();
  OpEnv env;
};

BOOST_FIXTURE_TEST_SUITE(ops_names, NamesFixture)

BOOST_AUTO_TEST_CASE(new_ids_start_with_the_path_key_and_differ) {
  Key k = sha1_key("/same");
  FlareId a = new_flare_id(k), b = new_flare_id(k);
  BOOST_TEST(a != b);
  BOOST_TEST(std::equal(k.bytes.begin(), k.bytes.begin() + 8, a.bytes.begin()));
  BOOST_TEST(std::equal(k.bytes.begin(), k.bytes.begin() + 8, b.bytes.begin()));
}

BOOST_AUTO_TEST_CASE(need_inode_is_stale_for_a_vanished_id) {
  BOOST_TEST(stored(sha1_key("nope")).code() == Errc::Stale);
}

BOOST_AUTO_TEST_CASE(change_links_counts_then_deletes_at_zero) {
  Inode f = add("/f", FlareType::Regular, 1);
  BOOST_TEST(change(f, 1, 2000).empty());
  BOOST_TEST(must(stored(f.id)).attr.nlink == 2u);
  BOOST_TEST(must(stored(f.id)).attr.ctime_ns == 2000);
  BOOST_TEST(change(f, 0, 2500).empty());
  BOOST_TEST(must(stored(f.id)).attr.nlink == 2u);
  BOOST_TEST(must(stored(f.id)).attr.ctime_ns == 2500);
  BOOST_TEST(change(f, -1, 3000).empty());
  BOOST_TEST(must(stored(f.id)).attr.nlink == 1u);
  Doomed doomed = change(f, -1, 4000);
  BOOST_REQUIRE(doomed.size() == 1u);
  BOOST_TEST(doomed[0] == f.id);
  BOOST_TEST(stored(f.id).code() == Errc::Stale);
}

BOOST_AUTO_TEST_CASE(a_directory_losing_its_name_drops_to_zero) {
  Inode d = add("/d", FlareType::Directory, 3);
  Doomed doomed = change(d, -1, 5);
  BOOST_TEST(doomed.size() == 1u);
  BOOST_TEST(stored(d.id).code() == Errc::Stale);
}

BOOST_AUTO_TEST_CASE(an_open_flare_is_kept_at_zero) {
  Inode f = add("/open", FlareType::Regular, 1);
  opens.open(1, f.id);
  BOOST_TEST(is_kept(env, f.id));
  BOOST_TEST(change(f, -1, 5).empty());
  BOOST_TEST(must(stored(f.id)).attr.nlink == 0u);
  opens.release(1, f.id);
  BOOST_TEST(!is_kept(env, f.id));
}

BOOST_AUTO_TEST_CASE(report_fills_ino_and_blocks) {
  Inode f = add("/r", FlareType::Regular, 1);
  BOOST_TEST(report(env, f).ino == ino_of(f.id));
  BOOST_TEST(report(env, f).blocks == 0u);
  const uint8_t bytes[8192] = {1};
  BOOST_REQUIRE(data->write(f.id, 0, bytes, sizeof(bytes)).is_ok());
  BOOST_TEST(report(env, f).blocks >= 16u);
  FlareEntry e = entry_of(env, f);
  BOOST_TEST(e.id == f.id);
  remove_data(env, {f.id});
  BOOST_TEST(report(env, f).blocks == 0u);
}

BOOST_AUTO_TEST_CASE(rows_know_their_place) {
  InodeRow file{sha1_key("f"), FlareAttr{}, "/f", "", 0, {}};
  InodeRow dir = file;
  dir.attr.type = FlareType::Directory;
  BOOST_TEST(place_of_inode(file, sha1_key) == file.id);
  BOOST_TEST(place_of_inode(dir, sha1_key) == sha1_key("/f"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server::ops
