// Tests of nfs_gateway/file_handle.h: handles round-trip, carry what the lava needs, and
// anything encode_handle would not produce (any one byte changed, wrong length, bad
// padding) is Stale.
#include "nfs_gateway/file_handle.h"

#include <boost/test/unit_test.hpp>

#include "tests/unit/libmagma/test_print.h"

namespace magma::nfs {
namespace {

FlareId some_id(uint8_t seed) {
  FlareId id;
  for (size_t i = 0; i < id.bytes.size(); ++i) id.bytes[i] = static_cast<uint8_t>(seed * 7 + i * 13);
  return id;
}

BOOST_AUTO_TEST_SUITE(file_handle)

BOOST_AUTO_TEST_CASE(a_file_handle_carries_its_id_and_share_tag) {
  FileRef ref{some_id(1), 0xa1b2c3d4};
  HandleBytes h = encode_handle(ref);
  BOOST_TEST((std::vector<uint8_t>(h.begin() + 4, h.begin() + 24) ==
              std::vector<uint8_t>(ref.id.bytes.begin(), ref.id.bytes.end())));  // bytes 4-23: the id
  BOOST_TEST((std::vector<uint8_t>(h.begin() + 24, h.end()) ==
              std::vector<uint8_t>{0xa1, 0xb2, 0xc3, 0xd4, 0, 0, 0, 0}));  // the tag, then zeros
  Result<HandleRef> back = decode_handle(h);
  BOOST_REQUIRE(back.is_ok());
  BOOST_TEST((std::get<FileRef>(*back) == ref));
}

BOOST_AUTO_TEST_CASE(a_directory_handle_carries_its_place_and_inode_number) {
  DirRef ref{sha1_key("/a/b"), 0x0102030405060708ull};
  Result<HandleRef> back = decode_handle(encode_handle(ref));
  BOOST_REQUIRE(back.is_ok());
  BOOST_TEST((std::get<DirRef>(*back) == ref));
}

BOOST_AUTO_TEST_CASE(ref_of_names_directories_by_place_and_files_by_id) {
  FlareEntry dir{some_id(2), FlareAttr{}};
  dir.attr.type = FlareType::Directory;
  HandleRef d = ref_of(dir, "/x/y", sha1_key, "home");
  BOOST_TEST((std::get<DirRef>(d) == DirRef{sha1_key("/x/y"), ino_of(dir.id)}));
  FlareEntry file{some_id(3), FlareAttr{}};
  for (FlareType t : {FlareType::Regular, FlareType::Symlink, FlareType::Fifo, FlareType::CharDevice}) {
    file.attr.type = t;
    BOOST_TEST((std::get<FileRef>(ref_of(file, "/x/f", sha1_key, "home")) == FileRef{file.id, share_tag_of("home")}));
  }
}

BOOST_AUTO_TEST_CASE(share_tags_are_stable_and_tell_names_apart) {
  Key digest = sha1_key("home");
  BOOST_TEST(share_tag_of("home") == (uint32_t{digest.bytes[0]} << 24 | uint32_t{digest.bytes[1]} << 16 |
                                      uint32_t{digest.bytes[2]} << 8 | digest.bytes[3]));
  BOOST_TEST(share_tag_of("home") != share_tag_of("pub"));
}

BOOST_AUTO_TEST_CASE(handles_of_different_flares_differ) {
  BOOST_TEST((encode_handle(FileRef{some_id(1)}) != encode_handle(FileRef{some_id(2)})));
  BOOST_TEST((encode_handle(DirRef{sha1_key("/a"), 5}) != encode_handle(DirRef{sha1_key("/a"), 6})));
}

BOOST_AUTO_TEST_CASE(any_single_changed_byte_is_stale) {
  for (const HandleBytes& good : {encode_handle(FileRef{some_id(4)}), encode_handle(DirRef{sha1_key("/d"), 99})}) {
    for (size_t i = 0; i < kHandleSize; ++i) {
      for (int delta : {1, 0x80, 0xFF}) {
        HandleBytes bad = good;
        bad[i] = static_cast<uint8_t>(bad[i] + delta);
        Result<HandleRef> r = decode_handle(bad);
        BOOST_TEST(r.code() == Errc::Stale, "byte " << i << " + " << delta);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(wrong_lengths_are_stale) {
  HandleBytes good = encode_handle(FileRef{some_id(5)});
  std::vector<uint8_t> longer(good.begin(), good.end());
  longer.push_back(0);
  BOOST_TEST(decode_handle(longer).code() == Errc::Stale);
  BOOST_TEST(decode_handle(std::span<const uint8_t>(good.data(), kHandleSize - 1)).code() == Errc::Stale);
  BOOST_TEST(decode_handle(std::span<const uint8_t>()).code() == Errc::Stale);
}

// Bytes with a correct check byte but a layout encode_handle never writes.
HandleBytes with_check(HandleBytes h) {
  uint8_t sum = 0;
  for (size_t i = 0; i < kHandleSize; ++i)
    if (i != 3) sum = static_cast<uint8_t>(sum * 31 + h[i]);
  h[3] = sum;
  return h;
}

BOOST_AUTO_TEST_CASE(well_checked_but_malformed_handles_are_stale) {
  HandleBytes file = encode_handle(FileRef{some_id(6)});
  HandleBytes padded = file;
  padded[31] = 1;  // a file handle's last 4 bytes are zero
  BOOST_TEST(decode_handle(with_check(padded)).code() == Errc::Stale);
  HandleBytes kind = file;
  kind[2] = 3;
  BOOST_TEST(decode_handle(with_check(kind)).code() == Errc::Stale);
  HandleBytes version = file;
  version[1] = 1;  // format 1 had no share tag
  BOOST_TEST(decode_handle(with_check(version)).code() == Errc::Stale);
  HandleBytes dir = encode_handle(DirRef{sha1_key("/"), 2});
  dir[31] = 1;  // inode number 1: never one of a flare
  BOOST_TEST(decode_handle(with_check(dir)).code() == Errc::Stale);
  // The helper computes the documented check byte: an untouched handle stays valid.
  BOOST_TEST(decode_handle(with_check(file)).is_ok());
}

BOOST_AUTO_TEST_CASE(zeros_and_random_bytes_are_stale) {
  HandleBytes zeros{};
  BOOST_TEST(decode_handle(zeros).code() == Errc::Stale);
  uint32_t x = 12345;
  for (int round = 0; round < 1000; ++round) {
    HandleBytes noise;
    for (uint8_t& b : noise) {
      x = x * 1103515245 + 12345;
      b = static_cast<uint8_t>(x >> 16);
    }
    BOOST_TEST(decode_handle(noise).code() == Errc::Stale);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::nfs
