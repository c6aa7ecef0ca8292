// RPC record marking: fragment marks and record assembly.
#include "nfs_gateway/rpc/record_marking.h"

#include <utility>

namespace magma::nfs::rpc {

FragmentHeader decode_fragment_header(std::span<const uint8_t, kRecordMarkBytes> mark) {
  uint32_t word = uint32_t{mark[0]} << 24 | uint32_t{mark[1]} << 16 | uint32_t{mark[2]} << 8 | mark[3];
  return {word & ~kLastFragmentBit, (word & kLastFragmentBit) != 0};
}

std::array<uint8_t, kRecordMarkBytes> encode_record_mark(size_t length) {
  uint32_t word = static_cast<uint32_t>(length) | kLastFragmentBit;
  return {static_cast<uint8_t>(word >> 24), static_cast<uint8_t>(word >> 16), static_cast<uint8_t>(word >> 8),
          static_cast<uint8_t>(word)};
}

std::optional<std::span<uint8_t>> RecordAssembler::add_fragment(FragmentHeader header) {
  size_t start = record_.size();
  if (header.length > max_record_bytes_ - start) return std::nullopt;
  record_.resize(start + header.length);
  complete_ = header.last;
  return std::span<uint8_t>(record_).subspan(start);
}

Bytes RecordAssembler::take() {
  complete_ = false;
  return std::exchange(record_, Bytes());
}

}  // namespace magma::nfs::rpc
