// Tests of server/ops/subtree: freezing, copying and deleting a subtree across volcanos.
#include "server/ops/subtree.h"

#include <boost/test/unit_test.hpp>
#include <set>

#include "libmagma/path.h"
#include "tests/unit/server/ops/lava_ops_fixture.h"

namespace magma::server::ops {
namespace {

using test::must;

struct SubtreeAcrossFixture : test::LavaOpsFixture {
  SubtreeAcrossFixture() : src(path_on(1, "/", "src")) {
    dir_at(src);
    for (int i = 0; i < 3; ++i) {
      std::string sub = src + "/d" + std::to_string(i);
      dir_at(sub);
      for (int j = 0; j < 8; ++j) file(sub + "/f" + std::to_string(j));
    }
  }
  // Paths of the records at or below path, each checked to be on its key's owner.
  std::set<std::string> records_below(const std::string& path) {
    std::set<std::string> found;
    for (size_t v = 0; v < size(); ++v)
      for (const RecordRow& r : rows_on(v).records)
        if (is_same_or_below(r.path, path)) {
          found.insert(r.path);
          BOOST_TEST(owner_of_path(r.path) == v, r.path);
        }
    return found;
  }
  std::string src;
};

BOOST_FIXTURE_TEST_SUITE(ops_subtree, SubtreeAcrossFixture)

BOOST_AUTO_TEST_CASE(a_copy_lands_on_the_new_owners_then_the_old_rows_go) {
  OpEnv& env = env_of(2);
  std::string to = path_on(0, "/", "copy");
  // A node op below src that changes nothing: refused (Busy) only while src is frozen.
  std::string leaf = src + "/d0/f0";
  auto drop_nothing_at_leaf = [&] {
    return service(owner_of_path(leaf)).handle(CallContext{}, DropRecordRequest{leaf, FlareId{}});
  };
  {
    Frozen frozen(env);
    BOOST_REQUIRE(frozen.add(src).is_ok());
    BOOST_TEST(drop_nothing_at_leaf().code() == Errc::Busy);
    BOOST_REQUIRE(copy_subtree(env, frozen, src, to).is_ok());
  }
  BOOST_TEST(drop_nothing_at_leaf().is_ok());  // thawed when the Frozen went
  std::set<std::string> copied = records_below(to);
  BOOST_TEST(copied.size() == 3u + 24u);  // not the root's record: the rename puts it
  BOOST_TEST(!copied.contains(to));
  BOOST_TEST(records_below(src).size() == 1u + 3u + 24u);
  BOOST_REQUIRE(delete_subtree(env, src).is_ok());
  BOOST_TEST(records_below(src).empty());
  BOOST_REQUIRE(delete_subtree(env, to).is_ok());
  BOOST_TEST(records_below(to).empty());
  // The lava takes changes again.
  BOOST_TEST(mkdir(path_on(2, "/", "after")).is_ok());
}

BOOST_AUTO_TEST_CASE(a_copy_too_deep_is_refused) {
  OpEnv& env = env_of(0);
  // Fits, but its subtree's deepest paths ("/d0/f0") would not.
  std::string deep;
  while (deep.size() < kMaxPathLength - 250) deep += "/" + std::string(200, 'x');
  deep += "/" + std::string(kMaxPathLength - 3 - deep.size(), 'y');
  Frozen frozen(env);
  BOOST_REQUIRE(frozen.add(src).is_ok());
  BOOST_TEST(copy_subtree(env, frozen, src, deep).code() == Errc::NameTooLong);
}

BOOST_AUTO_TEST_CASE(parking_paths_differ_and_no_client_names_them) {
  std::string a = parking_path(), b = parking_path();
  BOOST_TEST(a != b);
  BOOST_TEST(a.find('\x01') != std::string::npos);
  BOOST_TEST(lookup(a).code() == Errc::NotFound);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server::ops
