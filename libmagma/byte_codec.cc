// Big-endian byte encoding: the bounded primitives behind every message codec.
#include "libmagma/byte_codec.h"

#include <cstring>

namespace magma {

void ByteWriter::be(uint64_t v, int n) {
  for (int i = n - 1; i >= 0; --i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void ByteWriter::raw(const void* p, size_t n) {
  auto b = static_cast<const uint8_t*>(p);
  out_.insert(out_.end(), b, b + n);
}

void ByteWriter::blob(const void* p, size_t n) {
  u32(static_cast<uint32_t>(n));
  raw(p, n);
}

uint64_t ByteReader::be(int n) {
  if (!ok_ || end_ - p_ < n) {
    ok_ = false;
    return 0;
  }
  uint64_t v = 0;
  for (int i = 0; i < n; ++i) v = v << 8 | *p_++;
  return v;
}

bool ByteReader::raw(void* out, size_t n) {
  if (!ok_ || static_cast<size_t>(end_ - p_) < n) {
    ok_ = false;
    return false;
  }
  std::memcpy(out, p_, n);
  p_ += n;
  return true;
}

bool ByteReader::blob(std::string& out, size_t max) {
  uint32_t n = u32();
  if (!ok_ || n > max || static_cast<size_t>(end_ - p_) < n) {
    ok_ = false;
    return false;
  }
  out.assign(reinterpret_cast<const char*>(p_), n);
  p_ += n;
  return true;
}

bool ByteReader::blob(Bytes& out, size_t max) {
  uint32_t n = u32();
  if (!ok_ || n > max || static_cast<size_t>(end_ - p_) < n) {
    ok_ = false;
    return false;
  }
  out.assign(p_, p_ + n);
  p_ += n;
  return true;
}

}  // namespace magma
