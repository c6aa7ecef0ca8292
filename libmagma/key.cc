// Keys and slices: SHA1 through OpenSSL, hex form, and the 160-bit arithmetic slices need.
#include "libmagma/key.h"

#include <openssl/sha.h>

namespace magma {

Key Key::max() {
  Key k;
  k.bytes.fill(0xff);
  return k;
}

std::string Key::hex() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(kSize * 2);
  for (uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xf]);
  }
  return out;
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<Key> Key::from_hex(std::string_view hex) {
  if (hex.size() != kSize * 2) return std::nullopt;
  Key k;
  for (size_t i = 0; i < kSize; ++i) {
    int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    k.bytes[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return k;
}

Key sha1_of(const void* data, size_t size) {
  Key k;
  SHA1(static_cast<const unsigned char*>(data), size, k.bytes.data());
  return k;
}

Key sha1_key(std::string_view path) { return sha1_of(path.data(), path.size()); }

Key Slice::midpoint() const {
  // (start + stop) / 2 computed as a 161-bit sum, then shifted right by one.
  Key mid;
  unsigned carry = 0;
  std::array<uint8_t, Key::kSize> sum{};
  for (int i = Key::kSize - 1; i >= 0; --i) {
    unsigned s = unsigned(start.bytes[i]) + unsigned(stop.bytes[i]) + carry;
    sum[i] = static_cast<uint8_t>(s & 0xff);
    carry = s >> 8;
  }
  for (size_t i = 0; i < Key::kSize; ++i) {
    mid.bytes[i] = static_cast<uint8_t>((sum[i] >> 1) | (carry << 7));
    carry = sum[i] & 1;
  }
  return mid;
}

Key key_successor(const Key& k) {
  Key next = k;
  for (int i = Key::kSize - 1; i >= 0; --i) {
    if (++next.bytes[i] != 0) break;
  }
  return next;
}

}  // namespace magma
