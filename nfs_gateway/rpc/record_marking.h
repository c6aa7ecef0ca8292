// RPC record marking on TCP (RFC 5531 section 11): a record is sent as fragments, each
// behind a 4-byte big-endian mark whose top bit says "last fragment" and whose low 31 bits
// give the fragment's length. The server sends each reply as one fragment.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "libmagma/byte_codec.h"

namespace magma::nfs::rpc {

constexpr size_t kRecordMarkBytes = 4;
constexpr uint32_t kLastFragmentBit = 0x80000000u;

struct FragmentHeader {
  uint32_t length = 0;  // at most 2^31 - 1
  bool last = false;
};

FragmentHeader decode_fragment_header(std::span<const uint8_t, kRecordMarkBytes> mark);
// The mark of a record sent as one fragment. REQUIRES: length < 2^31.
std::array<uint8_t, kRecordMarkBytes> encode_record_mark(size_t length);

// Joins the fragments of one record, refusing a record longer than its bound before
// allocating room for it. Not thread-safe; one per connection.
class RecordAssembler {
 public:
  explicit RecordAssembler(size_t max_record_bytes) : max_record_bytes_(max_record_bytes) {}

  // Makes room for the fragment behind header and returns where its bytes go (valid until
  // the next call); nullopt when the record would exceed the bound. REQUIRES: !complete().
  std::optional<std::span<uint8_t>> add_fragment(FragmentHeader header);
  // Whether the last fragment added ends the record.
  bool complete() const { return complete_; }
  // Hands the complete record over and starts the next one.
  Bytes take();

 private:
  const size_t max_record_bytes_;
  Bytes record_;
  bool complete_ = false;
};

}  // namespace magma::nfs::rpc
