// Keys place flares on the ring: a Key is the SHA1 of a flare's normalised absolute path,
// 160 bits compared as a big-endian unsigned number. A Slice is an inclusive key range.
// Plain values; all functions are pure and thread-safe.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace magma {

struct Key {
  static constexpr size_t kSize = 20;  // SHA1 digest length
  std::array<uint8_t, kSize> bytes{};

  auto operator<=>(const Key&) const = default;

  static Key min() { return Key{}; }
  static Key max();
  // 40 lowercase hex digits.
  std::string hex() const;
  // Parses exactly 40 hex digits (either case); nullopt otherwise.
  static std::optional<Key> from_hex(std::string_view hex);
};

// The hash that places a path. Injectable so that tests can force collisions.
using KeyFunction = std::function<Key(std::string_view normalised_path)>;

// SHA1 of the bytes of path (already normalised): the key of record.
Key sha1_key(std::string_view path);

// SHA1 of arbitrary bytes, e.g. the creation path + time + salt of a flare id.
Key sha1_of(const void* data, size_t size);

// An inclusive key range [start, stop]; start > stop is never constructed.
struct Slice {
  Key start = Key::min();
  Key stop = Key::max();

  bool contains(const Key& k) const { return start <= k && k <= stop; }
  // The key halfway between start and stop (rounded down), so [start, mid] and
  // [mid+1, stop] split the slice evenly. REQUIRES: start < stop.
  Key midpoint() const;
  auto operator<=>(const Slice&) const = default;
};

// k + 1, wrapping max() to min().
Key key_successor(const Key& k);

}  // namespace magma
