// Tests of server/data_files: layout, lazy creation, I/O, the descriptor cache, listing.
#include "server/data_files.h"

#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <set>

#include "tests/unit/server/service_fixture.h"

namespace magma::server {
namespace {

using test::must;
using test::TempDir;

FlareId id_of(const std::string& seed) { return sha1_key(seed); }

bool exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

std::string read_all(DataFiles& files, const FlareId& id, uint64_t offset, size_t n) {
  std::string out(n, '?');
  size_t got = must(files.read(id, offset, reinterpret_cast<uint8_t*>(out.data()), n));
  out.resize(got);
  return out;
}

Status write_str(DataFiles& files, const FlareId& id, uint64_t offset, const std::string& s) {
  return files.write(id, offset, reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

BOOST_AUTO_TEST_SUITE(data_files)

BOOST_AUTO_TEST_CASE(path_is_sharded_by_the_first_two_bytes) {
  TempDir dir;
  auto files = must(DataFiles::open(dir / "data"));
  FlareId id = *FlareId::from_hex("abcdef0123456789abcdef0123456789abcdef01");
  BOOST_TEST(files->path_of(id) == dir / "data/ab/cd/abcdef0123456789abcdef0123456789abcdef01");
}

BOOST_AUTO_TEST_CASE(nothing_is_created_before_a_write) {
  TempDir dir;
  auto files = must(DataFiles::open(dir / "data"));
  FlareId id = id_of("a");
  BOOST_TEST(read_all(*files, id, 0, 10) == "");
  BOOST_TEST(files->truncate(id, 0).is_ok());
  BOOST_TEST(files->sync(id).is_ok());
  BOOST_TEST(must(files->allocated_blocks(id)) == 0u);
  BOOST_TEST(!exists(files->path_of(id)));
  BOOST_TEST(std::filesystem::is_empty(dir / "data"));
}

BOOST_AUTO_TEST_CASE(write_then_read_back) {
  TempDir dir;
  auto files = must(DataFiles::open(dir / "data"));
  FlareId id = id_of("b");
  BOOST_REQUIRE(write_str(*files, id, 0, "hello world").is_ok());
  BOOST_TEST(exists(files->path_of(id)));
  BOOST_TEST(read_all(*files, id, 0, 11) == "hello world");
  BOOST_TEST(read_all(*files, id, 6, 100) == "world");  // short at the file's end
  BOOST_TEST(read_all(*files, id, 50, 10) == "");
  BOOST_TEST(must(files->allocated_blocks(id)) > 0u);
}

BOOST_AUTO_TEST_CASE(bytes_read_and_written_are_counted) {
  TempDir dir;
  auto files = must(DataFiles::open(dir / "data"));
  FlareId id = id_of("c");
  BOOST_REQUIRE(write_str(*files, id, 0, "hello").is_ok());
  BOOST_REQUIRE(write_str(*files, id, 5, " world").is_ok());
  BOOST_TEST(files->bytes_written() == 11u);
  BOOST_TEST(files->bytes_read() == 0u);
  BOOST_TEST(read_all(*files, id, 6, 100) == "world");  // counts what was read, not asked
  BOOST_TEST(files->bytes_read() == 5u);
}

BOOST_AUTO_TEST_CASE(holes_read_as_zeros) {
  TempDir dir;
  auto files = must(DataFiles::open(dir / "data"));
  FlareId id = id_of("c");
  BOOST_REQUIRE(write_str(*files, id, 1 << 20, "x").is_ok());
  std::string head = read_all(*files, id, 0, 4096);
  BOOST_TEST(head == std::string(4096, '\0'));
  BOOST_TEST(read_all(*files, id, 1 << 20, 1) == "x");
}

BOOST_AUTO_TEST_CASE(truncate_shrinks_and_grows) {
  TempDir dir;
  auto files = must(DataFiles::open(dir / "data"));
  FlareId id = id_of("d");
  BOOST_REQUIRE(write_str(*files, id, 0, "abcdef").is_ok());
  BOOST_REQUIRE(files->truncate(id, 3).is_ok());
  BOOST_TEST(read_all(*files, id, 0, 10) == "abc");
  BOOST_REQUIRE(files->truncate(id, 5).is_ok());
  BOOST_TEST(read_all(*files, id, 0, 10) == std::string("abc\0\0", 5));
  FlareId fresh = id_of("fresh");
  BOOST_REQUIRE(files->truncate(fresh, 4).is_ok());  // creates a file of zeros
  BOOST_TEST(read_all(*files, fresh, 0, 10) == std::string(4, '\0'));
}

BOOST_AUTO_TEST_CASE(remove_deletes_the_file_and_its_cache_entry) {
  TempDir dir;
  auto files = must(DataFiles::open(dir / "data"));
  FlareId id = id_of("e");
  BOOST_REQUIRE(write_str(*files, id, 0, "data").is_ok());
  BOOST_TEST(files->open_files() == 1u);
  BOOST_REQUIRE(files->remove(id).is_ok());
  BOOST_TEST(files->open_files() == 0u);
  BOOST_TEST(!exists(files->path_of(id)));
  BOOST_TEST(read_all(*files, id, 0, 4) == "");
  BOOST_TEST(files->remove(id).is_ok());  // already gone is fine
}

BOOST_AUTO_TEST_CASE(cache_is_bounded) {
  TempDir dir;
  auto files = must(DataFiles::open(dir / "data", 4));
  for (int i = 0; i < 10; ++i) {
    BOOST_REQUIRE(write_str(*files, id_of(std::to_string(i)), 0, "x").is_ok());
    BOOST_TEST(files->open_files() <= 4u);
  }
  BOOST_TEST(files->open_files() == 4u);
  for (int i = 0; i < 10; ++i) BOOST_TEST(read_all(*files, id_of(std::to_string(i)), 0, 1) == "x");
}

BOOST_AUTO_TEST_CASE(cached_descriptor_is_reused_without_reopening) {
  TempDir dir;
  auto files = must(DataFiles::open(dir / "data"));
  FlareId id = id_of("f");
  BOOST_REQUIRE(write_str(*files, id, 0, "cached").is_ok());
  // With the name gone, only a descriptor opened earlier can still read the bytes.
  BOOST_REQUIRE(::unlink(files->path_of(id).c_str()) == 0);
  for (int i = 0; i < 100; ++i) BOOST_TEST(read_all(*files, id, 0, 6) == "cached");
}

BOOST_AUTO_TEST_CASE(sync_of_a_new_file_succeeds) {
  TempDir dir;
  auto files = must(DataFiles::open(dir / "data", 1));
  FlareId a = id_of("g1"), b = id_of("g2");
  BOOST_REQUIRE(write_str(*files, a, 0, "a").is_ok());
  BOOST_TEST(files->sync(a).is_ok());
  BOOST_REQUIRE(write_str(*files, b, 0, "b").is_ok());  // evicts a's descriptor
  BOOST_TEST(files->sync(b).is_ok());
  BOOST_TEST(files->sync(a).is_ok());  // reopened
  BOOST_TEST(read_all(*files, a, 0, 1) == "a");
}

BOOST_AUTO_TEST_CASE(for_each_lists_data_files_and_skips_strangers) {
  TempDir dir;
  auto files = must(DataFiles::open(dir / "data"));
  std::set<std::pair<FlareId, uint64_t>> written;
  for (int i = 0; i < 5; ++i) {
    FlareId id = id_of("list" + std::to_string(i));
    BOOST_REQUIRE(write_str(*files, id, 0, std::string(i + 1, 'z')).is_ok());
    written.insert({id, uint64_t(i + 1)});
  }
  std::filesystem::path first = files->path_of(written.begin()->first);
  { std::ofstream stray(first.parent_path() / "not-an-id"); }
  std::set<std::pair<FlareId, uint64_t>> seen;
  BOOST_REQUIRE(files->for_each([&](const FlareId& id, uint64_t n) {
    seen.insert({id, n});
    return Status::ok();
  }).is_ok());
  BOOST_TEST((seen == written));
  // fn's error stops the walk and comes back.
  Status stop = files->for_each([](const FlareId&, uint64_t) { return Status(Errc::Busy, "stop"); });
  BOOST_TEST(stop.code() == Errc::Busy);
}

BOOST_AUTO_TEST_CASE(size_lock_is_stable_per_id) {
  TempDir dir;
  auto files = must(DataFiles::open(dir / "data"));
  BOOST_TEST(&files->size_lock(id_of("h")) == &files->size_lock(id_of("h")));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server
