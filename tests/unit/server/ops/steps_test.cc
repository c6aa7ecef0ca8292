// Tests of server/ops/steps: retries, the POSIX error of a missing path, records and
// attributes fetched across volcanos.
#include "server/ops/steps.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <future>

#include "tests/unit/server/ops/lava_ops_fixture.h"

namespace magma::server::ops {
namespace {

using test::must;

BOOST_AUTO_TEST_SUITE(ops_steps)

BOOST_AUTO_TEST_CASE(retry_busy_retries_busy_only) {
  int tries = 0;
  Status s = retry_busy([&] { return ++tries < 4 ? Status(Errc::Busy, "wait") : Status::ok(); });
  BOOST_TEST(s.is_ok());
  BOOST_TEST(tries == 4);
  tries = 0;
  Result<int> r = retry_busy([&]() -> Result<int> {
    ++tries;
    return Status(Errc::NotFound, "no");
  });
  BOOST_TEST(r.code() == Errc::NotFound);
  BOOST_TEST(tries == 1);
}

BOOST_AUTO_TEST_CASE(a_changed_part_starts_the_op_over) {
  BOOST_TEST(start_over_if_changed(Status(Errc::Stale, "changed")).code() == Errc::Busy);
  BOOST_TEST(start_over_if_changed(Status(Errc::NotFound, "no")).code() == Errc::NotFound);
  BOOST_TEST(start_over_if_changed(Result<int>(1)).is_ok());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(ops_steps_across_volcanos, test::LavaOpsFixture)

BOOST_AUTO_TEST_CASE(a_create_below_a_frozen_subtree_waits_for_the_thaw) {
  std::string d = path_on(1, "/", "d");
  dir_at(d);
  std::string f = path_on(2, d, "f");
  for (size_t v = 0; v < size(); ++v)
    BOOST_REQUIRE(service(v).handle(CallContext{}, FreezeSubtreeRequest{d, 5, true}).is_ok());
  auto made = std::async(std::launch::async, [&] { return mknod(f); });
  BOOST_TEST((made.wait_for(std::chrono::milliseconds(200)) == std::future_status::timeout));
  for (size_t v = 0; v < size(); ++v)
    BOOST_REQUIRE(service(v).handle(CallContext{}, FreezeSubtreeRequest{d, 5, false}).is_ok());
  BOOST_TEST(made.get().is_ok());
  BOOST_TEST(list(d).size() == 1u);
}

BOOST_AUTO_TEST_CASE(records_and_missing_paths_across_volcanos) {
  OpEnv& env = env_of(0);
  std::string d = path_on(1, "/", "d");
  FlareId id = dir_at(d);
  std::string f = path_on(2, d, "f");
  file(f);
  RecordRow rec = must(need_record(env, d));
  BOOST_TEST(rec.id == id);
  BOOST_TEST(rec.type == FlareType::Directory);
  BOOST_TEST(!must(find_record(env, path_on(2, "/", "none"))).has_value());
  BOOST_TEST(need_record(env, path_on(0, f, "x")).code() == Errc::NotDir);
  BOOST_TEST(missing_status(env, path_on(0, d + "/no/such", "x")).code() == Errc::NotFound);
}

BOOST_AUTO_TEST_CASE(attributes_are_fetched_from_every_owner) {
  OpEnv& env = env_of(0);
  std::vector<InodeRef> refs;
  std::map<FlareId, std::string> made;
  for (size_t v = 0; v < size(); ++v)
    for (int i = 0; i < 3; ++i) {
      std::string p = path_on(v, "/", "f" + std::to_string(i) + "-");
      FlareId id = file(p);
      made[id] = p;
      refs.push_back(ref_of(env, p, id, FlareType::Regular));
    }
  std::string d = path_on(1, "/", "dir");
  FlareId dir = dir_at(d);
  refs.push_back(ref_of(env, d, dir, FlareType::Directory));
  refs.push_back(InodeRef{sha1_key("gone"), Key{}});
  std::map<FlareId, FlareEntry> found = must(fetch_entries(env, refs));
  BOOST_TEST(found.size() == made.size() + 1);
  for (const auto& [id, path] : made) BOOST_TEST(found.at(id).attr.type == FlareType::Regular, path);
  BOOST_TEST(found.at(dir).attr.nlink == 2u);
  BOOST_TEST(!found.contains(sha1_key("gone")));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server::ops
