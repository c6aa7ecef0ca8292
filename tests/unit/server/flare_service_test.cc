// Tests of server/flare_service: opening a storage directory, key collisions end to end,
// and concurrent use.
#include "server/flare_service.h"

#include <boost/test/unit_test.hpp>
#include <atomic>
#include <fstream>
#include <thread>

#include "tests/unit/server/service_fixture.h"

namespace magma::server {
namespace {

using test::must;
using test::TempDir;

BOOST_AUTO_TEST_SUITE(flare_service)

BOOST_AUTO_TEST_CASE(storage_directory_is_created) {
  TempDir dir;
  ServiceOptions o;
  o.storage_dir = dir / "nested/storage";
  o.bootstrap = true;
  auto svc = must(FlareService::open(o));
  BOOST_TEST(std::filesystem::exists(dir / "nested/storage/flares.db"));
  BOOST_TEST(std::filesystem::is_directory(dir / "nested/storage/data"));
}

BOOST_AUTO_TEST_CASE(one_service_per_directory) {
  TempDir dir;
  ServiceOptions o;
  o.storage_dir = dir.path();
  o.bootstrap = true;
  auto first = must(FlareService::open(o));
  auto second = FlareService::open(o);
  BOOST_TEST(second.code() == Errc::Busy);
  first.reset();
  BOOST_TEST(FlareService::open(o).is_ok());
}

BOOST_AUTO_TEST_CASE(bad_storage_directories) {
  ServiceOptions o;
  o.bootstrap = true;
  BOOST_TEST(FlareService::open(o).code() == Errc::Invalid);
  TempDir dir;
  { std::ofstream(dir / "file") << "x"; }
  o.storage_dir = dir / "file/sub";
  BOOST_TEST(FlareService::open(o).code() == Errc::Io);
}

BOOST_AUTO_TEST_CASE(sql_logging_can_be_enabled) {
  TempDir dir;
  ServiceOptions o;
  o.storage_dir = dir.path();
  o.bootstrap = true;
  o.log_sql = true;
  auto svc = must(FlareService::open(o));
  BOOST_TEST(svc->handle(CallContext{}, LookupRequest{"/.dht"}).is_ok());
}

BOOST_FIXTURE_TEST_CASE(concurrent_namespace_changes, test::ServiceFixture) {
  constexpr int kThreads = 4, kFiles = 40;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      CallContext c = ctx;
      c.session = 10 + t;
      std::string d = "/t" + std::to_string(t);
      if (!svc->handle(c, MknodRequest{d, FlareType::Directory, 0755, 0})) ++failures;
      for (int i = 0; i < kFiles; ++i) {
        std::string p = d + "/f" + std::to_string(i);
        auto made = svc->handle(c, MknodRequest{p, FlareType::Regular, 0644, 0});
        if (!made || !svc->handle(c, WriteRequest{made->entry.id, 0, test::bytes_of(p), false})) ++failures;
        if (i % 2 && !svc->handle(c, RenameRequest{p, p + "-odd", 0})) ++failures;
        if (i % 5 == 0 && !svc->handle(c, UnlinkRequest{i % 2 ? p + "-odd" : p})) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  BOOST_TEST(failures.load() == 0);
  for (int t = 0; t < kThreads; ++t) {
    std::vector<std::string> names = list("/t" + std::to_string(t));
    BOOST_TEST(names.size() == size_t(kFiles - kFiles / 5));
    FlareEntry one = must(lookup("/t" + std::to_string(t) + "/f1-odd")).entry;
    BOOST_TEST(contents(one.id) == "/t" + std::to_string(t) + "/f1");
  }
  BOOST_TEST(attr_of("/").nlink == 3u + kThreads);
}

BOOST_AUTO_TEST_SUITE_END()

// Every path has the same key here: records and entries must still be told apart by path.
BOOST_FIXTURE_TEST_SUITE(flare_service_collisions, test::CollidingFixture)

BOOST_AUTO_TEST_CASE(colliding_paths_work_independently) {
  FlareId a = dir_at("/a");
  FlareId b = dir_at("/b");
  FlareId af = file("/a/f");
  FlareId bf = file("/b/f");
  BOOST_REQUIRE(write(af, 0, "in a").is_ok());
  BOOST_REQUIRE(write(bf, 0, "in b").is_ok());
  BOOST_TEST(must(lookup("/a")).entry.id == a);
  BOOST_TEST(must(lookup("/b")).entry.id == b);
  BOOST_TEST(contents(must(lookup("/a/f")).entry.id) == "in a");
  BOOST_TEST(contents(must(lookup("/b/f")).entry.id) == "in b");
  BOOST_TEST(lookup("/c").code() == Errc::NotFound);
  BOOST_TEST((list("/a") == std::vector<std::string>{"f"}));
  BOOST_TEST((list("/b") == std::vector<std::string>{"f"}));
  BOOST_TEST((list("/") == std::vector<std::string>{".dht", "a", "b"}));
}

BOOST_AUTO_TEST_CASE(rename_and_unlink_under_collisions) {
  dir_at("/a");
  dir_at("/b");
  FlareId af = file("/a/f");
  FlareId bf = file("/b/f");
  BOOST_REQUIRE(rename("/a", "/c").is_ok());
  BOOST_TEST(must(lookup("/c/f")).entry.id == af);
  BOOST_TEST(must(lookup("/b/f")).entry.id == bf);
  BOOST_TEST(lookup("/a/f").code() == Errc::NotFound);
  BOOST_TEST((list("/c") == std::vector<std::string>{"f"}));
  BOOST_REQUIRE(unlink("/b/f").is_ok());
  BOOST_TEST(must(lookup("/c/f")).entry.id == af);
  BOOST_TEST(list("/b").empty());
  BOOST_TEST(rmdir("/c").code() == Errc::NotEmpty);
  BOOST_TEST(rmdir("/b").is_ok());
  BOOST_REQUIRE(rename("/c/f", "/c/g", kRenameNoReplace).is_ok());
  BOOST_TEST((list("/c") == std::vector<std::string>{"g"}));
  reopen();
  BOOST_TEST(must(lookup("/c/g")).entry.id == af);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server
