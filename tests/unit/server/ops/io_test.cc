// Tests of server/ops/io: Read, Write and Fsync by id.
#include <boost/test/unit_test.hpp>
#include <atomic>
#include <limits>
#include <thread>

#include "libmagma/frame.h"
#include "tests/unit/server/service_fixture.h"

namespace magma::server {
namespace {

using test::bytes_of;
using test::must;
using test::string_of;

BOOST_FIXTURE_TEST_SUITE(ops_io, test::ServiceFixture)

BOOST_AUTO_TEST_CASE(write_answers_the_new_attributes) {
  FlareId f = file("/w");
  FlareAttr before = must(getattr(f)).attr;
  FlareAttr a = must(write(f, 0, "hello")).attr;
  BOOST_TEST(a.size == 5u);
  BOOST_TEST(a.mtime_ns >= before.mtime_ns);
  BOOST_TEST(a.ctime_ns >= before.ctime_ns);
  BOOST_TEST(a.blocks > 0u);
  BOOST_TEST(a.ino == ino_of(f));
  a = must(write(f, 2, "XY")).attr;  // inside: the size stays
  BOOST_TEST(a.size == 5u);
  BOOST_TEST(contents(f) == "heXYo");
}

BOOST_AUTO_TEST_CASE(reads_stop_at_the_end_of_file) {
  FlareId f = file("/r");
  BOOST_REQUIRE(write(f, 0, "0123456789").is_ok());
  BOOST_TEST(string_of(must(read(f, 0, 4)).data) == "0123");
  BOOST_TEST(string_of(must(read(f, 8, 100)).data) == "89");
  BOOST_TEST(must(read(f, 10, 100)).data.empty());
  BOOST_TEST(must(read(f, 1000, 100)).data.empty());
  BOOST_TEST(must(read(f, 0, 0)).data.empty());
}

BOOST_AUTO_TEST_CASE(a_read_answers_the_attributes_with_the_data) {
  FlareId f = file("/ra");
  BOOST_REQUIRE(set_mode_and_group(f, 0640, 100).is_ok());
  BOOST_REQUIRE(write(f, 0, "0123456789").is_ok());
  FlareAttr now = must(getattr(f)).attr;
  for (uint64_t offset : {0u, 10u, 1000u}) {  // within, at and past the end
    FlareAttr got = must(read(f, offset, 4)).attr;
    BOOST_TEST(got.ino == ino_of(f));
    BOOST_TEST(got.size == 10u);
    BOOST_TEST(got.mode == 0640u);
    BOOST_TEST(got.type == FlareType::Regular);
    BOOST_TEST(got.mtime_ns == now.mtime_ns);
  }
}

BOOST_AUTO_TEST_CASE(holes_read_as_zeros) {
  FlareId f = file("/hole");
  BOOST_REQUIRE(write(f, 100000, "end").is_ok());
  ReadResponse r = must(read(f, 99990, 13));
  BOOST_TEST(string_of(r.data) == std::string(10, '\0') + "end");
  BOOST_TEST(must(getattr(f)).attr.size == 100003u);
}

BOOST_AUTO_TEST_CASE(random_small_reads_of_a_large_file) {
  FlareId f = file("/large");
  std::string data(1 << 20, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 7 % 251);
  BOOST_REQUIRE(write(f, 0, data).is_ok());
  for (uint64_t off : {0ul, 4096ul, 777777ul, 1040384ul, 12345ul}) {
    ReadResponse r = must(read(f, off, 4096));
    BOOST_TEST(string_of(r.data) == data.substr(off, 4096));
  }
  BOOST_TEST(contents(f) == data);
}

BOOST_AUTO_TEST_CASE(size_limits) {
  FlareId f = file("/lim");
  BOOST_TEST(read(f, 0, kMaxIoSize + 1).code() == Errc::Invalid);
  BOOST_TEST(read(f, 0, kMaxIoSize).is_ok());
  uint64_t max = uint64_t(std::numeric_limits<int64_t>::max());
  BOOST_TEST(write(f, max - 1, "ab").code() == Errc::TooBig);
  BOOST_TEST(write(f, max + 1, "").code() == Errc::TooBig);
  BOOST_TEST(call(WriteRequest{f, 0, Bytes(kMaxIoSize + 1, 1), false}).code() == Errc::Invalid);
  BOOST_TEST(must(getattr(f)).attr.size == 0u);
}

BOOST_AUTO_TEST_CASE(empty_write_changes_nothing) {
  FlareId f = file("/empty");
  FlareAttr before = must(getattr(f)).attr;
  FlareAttr after = must(write(f, 100, "")).attr;
  BOOST_TEST(after.size == 0u);
  BOOST_TEST(after.mtime_ns == before.mtime_ns);
}

BOOST_AUTO_TEST_CASE(io_on_non_files) {
  FlareId d = dir_at("/d");
  FlareId s = must(call(SymlinkRequest{"/s", "t"})).entry.id;
  BOOST_TEST(read(d, 0, 10).code() == Errc::IsDir);
  BOOST_TEST(write(d, 0, "x").code() == Errc::IsDir);
  BOOST_TEST(read(s, 0, 10).code() == Errc::Invalid);
  BOOST_TEST(write(s, 0, "x").code() == Errc::Invalid);
  FlareId gone = sha1_key("gone");
  BOOST_TEST(read(gone, 0, 10).code() == Errc::Stale);
  BOOST_TEST(write(gone, 0, "x").code() == Errc::Stale);
}

BOOST_AUTO_TEST_CASE(stable_write_and_fsync) {
  FlareId f = file("/stable");
  FlareAttr a = must(write(f, 0, "durable", true)).attr;
  BOOST_TEST(a.size == 7u);
  BOOST_TEST(contents(f) == "durable");
  BOOST_TEST(call(FsyncRequest{f, {}, false}).is_ok());
  BOOST_TEST(call(FsyncRequest{f, {}, true}).is_ok());
  BOOST_TEST(call(FsyncRequest{file("/never-written"), {}, false}).is_ok());
  BOOST_TEST(call(FsyncRequest{dir_at("/dir"), {}, false}).is_ok());
  BOOST_TEST(call(FsyncRequest{sha1_key("gone"), {}, false}).code() == Errc::Stale);
}

BOOST_AUTO_TEST_CASE(data_follows_the_id_across_renames) {
  dir_at("/a");
  FlareId f = file("/a/f");
  BOOST_REQUIRE(write(f, 0, "moving").is_ok());
  BOOST_REQUIRE(rename("/a", "/b").is_ok());
  BOOST_TEST(contents(must(lookup("/b/f")).entry.id) == "moving");
  BOOST_REQUIRE(write(f, 6, " on").is_ok());
  BOOST_TEST(contents(f) == "moving on");
}

BOOST_AUTO_TEST_CASE(concurrent_writers) {
  constexpr int kThreads = 4, kWrites = 50;
  std::vector<FlareId> ids;
  for (int t = 0; t < kThreads; ++t) ids.push_back(file("/c" + std::to_string(t)));
  FlareId shared = file("/shared");
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        std::string chunk(100, static_cast<char>('a' + t));
        if (!svc->handle(ctx, WriteRequest{ids[t], uint64_t(i) * 100, bytes_of(chunk), false})) ++failures;
        if (!svc->handle(ctx, WriteRequest{shared, uint64_t(t * kWrites + i) * 10, bytes_of(chunk.substr(0, 10)), false}))
          ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  BOOST_TEST(failures.load() == 0);
  for (int t = 0; t < kThreads; ++t)
    BOOST_TEST(contents(ids[t]) == std::string(100 * kWrites, static_cast<char>('a' + t)));
  std::string all = contents(shared);
  BOOST_REQUIRE(all.size() == size_t(kThreads * kWrites * 10));
  for (int t = 0; t < kThreads; ++t)
    BOOST_TEST(all.substr(size_t(t) * kWrites * 10, kWrites * 10) == std::string(kWrites * 10, static_cast<char>('a' + t)));
}

BOOST_AUTO_TEST_CASE(truncate_racing_writes_never_loses_an_acknowledged_write) {
  FlareId f = file("/race");
  std::atomic<bool> stop{false};
  std::thread truncator([&] {
    SetAttrRequest req;
    req.id = f;
    req.mask = kSetSize;
    while (!stop) {
      req.size = 0;
      (void)svc->handle(ctx, req);
    }
  });
  // After each acknowledged write, its bytes are there unless a later truncation cut the
  // whole file: then the size is below the write's end.
  int checked = 0;
  for (int i = 0; i < 200; ++i) {
    Result<AttrResponse> w = write(f, 0, "ABCD");
    BOOST_REQUIRE(w.is_ok());
    ReadResponse r = must(read(f, 0, 4));
    if (r.data.size() == 4) {
      BOOST_TEST(string_of(r.data) == "ABCD");
      ++checked;
    }
  }
  stop = true;
  truncator.join();
  BOOST_TEST_MESSAGE("full reads checked: " << checked);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server
