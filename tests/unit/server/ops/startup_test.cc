// Tests of server/ops/startup: bootstrap, and recovery after a crash (a child process that
// works on the store and ends with _exit, so nothing shuts down cleanly).
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>

#include "tests/unit/server/service_fixture.h"

namespace magma::server {
namespace {

using test::must;
using test::TempDir;
using test::data_path;

ServiceOptions options_for(const TempDir& dir, bool bootstrap) {
  ServiceOptions o;
  o.storage_dir = dir.path();
  o.bootstrap = bootstrap;
  return o;
}

off_t file_length(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? st.st_size : -1;
}

// Runs work in a child on a service opened on dir, then ends the child without any
// destructor: the store sees a crash. work's false return fails the child.
void crash_after(const TempDir& dir, const std::function<bool(FlareService&)>& work) {
  std::fflush(nullptr);  // or the child's exit could repeat buffered output
  pid_t child = fork();
  BOOST_REQUIRE(child >= 0);
  if (child == 0) {
    auto svc = FlareService::open(options_for(dir, true));
    _exit(svc && work(**svc) ? 0 : 1);
  }
  int status = 0;
  BOOST_REQUIRE(waitpid(child, &status, 0) == child);
  BOOST_REQUIRE(WIFEXITED(status));
  BOOST_REQUIRE_MESSAGE(WEXITSTATUS(status) == 0, "the crashing child failed its work");
}

BOOST_AUTO_TEST_SUITE(ops_startup)

BOOST_AUTO_TEST_CASE(empty_store_without_bootstrap_is_refused) {
  TempDir dir;
  auto svc = FlareService::open(options_for(dir, false));
  BOOST_TEST(svc.code() == Errc::Invalid);
  BOOST_TEST(svc.status().message().find("not bootstrapped") != std::string::npos);
  BOOST_TEST(svc.status().message().find("-b") != std::string::npos);
  BOOST_TEST(svc.status().message().find(dir.path()) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bootstrap_creates_root_and_dht) {
  TempDir dir;
  auto svc = must(FlareService::open(options_for(dir, true)));
  CallContext ctx;
  FlareAttr root = must(svc->handle(ctx, LookupRequest{"/"})).entry.attr;
  BOOST_TEST(root.type == FlareType::Directory);
  BOOST_TEST(root.mode == 0755u);
  BOOST_TEST(root.uid == 0u);
  BOOST_TEST(root.gid == 0u);
  BOOST_TEST(root.nlink == 3u);  // 2 of its own, plus /.dht's ".."
  FlareAttr dht = must(svc->handle(ctx, LookupRequest{"/.dht"})).entry.attr;
  BOOST_TEST(dht.type == FlareType::Directory);
  BOOST_TEST(dht.mode == 0755u);
  BOOST_TEST(dht.uid == 0u);
  BOOST_TEST(dht.nlink == 2u);
}

BOOST_AUTO_TEST_CASE(reopening_keeps_everything) {
  TempDir dir;
  FlareId root, f;
  {
    auto svc = must(FlareService::open(options_for(dir, true)));
    CallContext ctx;
    root = must(svc->handle(ctx, LookupRequest{"/"})).entry.id;
    f = must(svc->handle(ctx, MknodRequest{"/kept", FlareType::Regular, 0644, 0})).entry.id;
    BOOST_REQUIRE(svc->handle(ctx, WriteRequest{f, 0, test::bytes_of("data"), false}).is_ok());
  }
  for (bool bootstrap : {false, true}) {  // bootstrapping a non-empty store keeps it
    auto svc = must(FlareService::open(options_for(dir, bootstrap)));
    CallContext ctx;
    BOOST_TEST(must(svc->handle(ctx, LookupRequest{"/"})).entry.id == root);
    BOOST_TEST(must(svc->handle(ctx, LookupRequest{"/kept"})).entry.id == f);
    BOOST_TEST(test::string_of(must(svc->handle(ctx, ReadRequest{f, 0, 10})).data) == "data");
  }
}

BOOST_AUTO_TEST_CASE(acknowledged_work_survives_a_crash_and_orphans_go) {
  TempDir dir;
  crash_after(dir, [&](FlareService& svc) {
    CallContext ctx;
    ctx.session = 3;
    auto d = svc.handle(ctx, MknodRequest{"/dir", FlareType::Directory, 0755, 0});
    auto k = svc.handle(ctx, MknodRequest{"/dir/kept", FlareType::Regular, 0644, 0});
    auto o = svc.handle(ctx, MknodRequest{"/orphan", FlareType::Regular, 0644, 0});
    if (!d || !k || !o) return false;
    FlareId kept = k->entry.id, orphan = o->entry.id;
    return svc.handle(ctx, WriteRequest{kept, 0, test::bytes_of("acknowledged"), false}) &&
           svc.handle(ctx, SetXattrRequest{kept, {}, "user.x", test::bytes_of("y"), 0}) &&
           svc.handle(ctx, RenameRequest{"/dir", "/moved", 0}) &&
           svc.handle(ctx, WriteRequest{orphan, 0, test::bytes_of("doomed"), false}) &&
           svc.handle(ctx, OpenRequest{orphan, {}}) && svc.handle(ctx, UnlinkRequest{"/orphan"});
  });
  // The child's ids do not come back to this process: find the flares by path.
  auto svc = must(FlareService::open(options_for(dir, false)));
  CallContext ctx;
  FlareEntry found = must(svc->handle(ctx, LookupRequest{"/moved/kept"})).entry;
  BOOST_TEST(found.attr.size == 12u);
  BOOST_TEST(test::string_of(must(svc->handle(ctx, ReadRequest{found.id, 0, 100})).data) == "acknowledged");
  BOOST_TEST(test::string_of(must(svc->handle(ctx, GetXattrRequest{found.id, {}, "user.x"})).value) == "y");
  BOOST_TEST(svc->handle(ctx, LookupRequest{"/dir"}).code() == Errc::NotFound);
  BOOST_TEST(svc->handle(ctx, LookupRequest{"/orphan"}).code() == Errc::NotFound);
  StatfsResponse fs = must(svc->handle(ctx, StatfsRequest{}));
  BOOST_TEST(fs.files - fs.files_free == 4u);  // /, /.dht, /moved, /moved/kept
}

BOOST_AUTO_TEST_CASE(orphan_data_file_is_deleted_after_a_crash) {
  TempDir dir;
  crash_after(dir, [&](FlareService& svc) {
    CallContext ctx;
    auto o = svc.handle(ctx, MknodRequest{"/o", FlareType::Regular, 0644, 0});
    if (!o) return false;
    return svc.handle(ctx, WriteRequest{o->entry.id, 0, test::bytes_of("x"), false}) &&
           svc.handle(ctx, OpenRequest{o->entry.id, {}}) && svc.handle(ctx, UnlinkRequest{"/o"});
  });
  // Find the one data file the child left, then check the reopen deletes it.
  std::vector<std::string> before;
  for (auto& e : std::filesystem::recursive_directory_iterator(dir / "data"))
    if (e.is_regular_file()) before.push_back(e.path());
  BOOST_REQUIRE(before.size() == 1u);
  auto svc = must(FlareService::open(options_for(dir, false)));
  BOOST_TEST(file_length(before[0]) == -1);
}

BOOST_AUTO_TEST_CASE(uncommitted_bytes_past_the_size_are_cut_after_a_crash) {
  TempDir dir;
  crash_after(dir, [&](FlareService& svc) {
    CallContext ctx;
    auto f = svc.handle(ctx, MknodRequest{"/f", FlareType::Regular, 0644, 0});
    if (!f || !svc.handle(ctx, WriteRequest{f->entry.id, 0, test::bytes_of("abc"), false})) return false;
    // A write whose bytes reached the data file but whose size never committed.
    std::ofstream(data_path(dir, f->entry.id), std::ios::app) << "STALE";
    return true;
  });
  auto svc = must(FlareService::open(options_for(dir, false)));
  CallContext ctx;
  FlareId f = must(svc->handle(ctx, LookupRequest{"/f"})).entry.id;
  BOOST_TEST(file_length(data_path(dir, f)) == 3);
  SetAttrRequest grow;
  grow.id = f;
  grow.mask = kSetSize;
  grow.size = 8;
  BOOST_REQUIRE(svc->handle(ctx, grow).is_ok());
  BOOST_TEST(test::string_of(must(svc->handle(ctx, ReadRequest{f, 0, 8})).data) == std::string("abc\0\0\0\0\0", 8));
}

BOOST_AUTO_TEST_CASE(stray_data_files_are_removed_after_a_crash) {
  TempDir dir;
  crash_after(dir, [](FlareService&) { return true; });
  FlareId stray = sha1_key("no flare owns this");
  std::string path = data_path(dir, stray);
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path) << "leftover";
  auto svc = must(FlareService::open(options_for(dir, false)));
  BOOST_TEST(file_length(path) == -1);
}

BOOST_AUTO_TEST_CASE(clean_restart_skips_the_data_walk) {
  TempDir dir;
  { auto svc = must(FlareService::open(options_for(dir, true))); }
  FlareId stray = sha1_key("untouched");
  std::string path = data_path(dir, stray);
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path) << "x";
  auto svc = must(FlareService::open(options_for(dir, false)));
  BOOST_TEST(file_length(path) == 1);  // a clean shutdown needs no repair
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server
