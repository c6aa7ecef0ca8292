// Big-endian byte encoding for the wire: a writer that appends to a buffer and a reader
// over a bounded span that never reads past its end and never allocates more than the
// bytes it actually holds. Messages describe their fields once (MAGMA_FIELDS) and the
// same description drives encode and decode.
// Not thread-safe; each instance belongs to one caller.
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "libmagma/errc.h"
#include "libmagma/key.h"

namespace magma {

using Bytes = std::vector<uint8_t>;

class ByteWriter {
 public:
  explicit ByteWriter(Bytes& out) : out_(out) {}
  void u8(uint8_t v) { out_.push_back(v); }
  void u16(uint16_t v) { be(v, 2); }
  void u32(uint32_t v) { be(v, 4); }
  void u64(uint64_t v) { be(v, 8); }
  void raw(const void* p, size_t n);
  // u32 length, then the bytes.
  void blob(const void* p, size_t n);

 private:
  void be(uint64_t v, int n);
  Bytes& out_;
};

class ByteReader {
 public:
  ByteReader(const uint8_t* p, size_t n) : p_(p), end_(p + n) {}
  // After a failed read every later read fails too and returns zeros.
  bool ok() const { return ok_; }
  size_t remaining() const { return ok_ ? static_cast<size_t>(end_ - p_) : 0; }
  uint8_t u8() { return static_cast<uint8_t>(be(1)); }
  uint16_t u16() { return static_cast<uint16_t>(be(2)); }
  uint32_t u32() { return static_cast<uint32_t>(be(4)); }
  uint64_t u64() { return be(8); }
  bool raw(void* out, size_t n);
  // A u32-length-prefixed blob of at most max bytes; fails if longer or truncated.
  bool blob(std::string& out, size_t max);
  bool blob(Bytes& out, size_t max);
  // Decoding failed for a reason the caller found (e.g. an enum out of range).
  void fail() { ok_ = false; }

 private:
  uint64_t be(int n);
  const uint8_t* p_;
  const uint8_t* end_;
  bool ok_ = true;
};

// Upper bound for any string or blob inside one message (the data of a READ or WRITE).
constexpr size_t kMaxBlobSize = 4u << 20;
// Upper bound for the element count of any list inside one message.
constexpr size_t kMaxListSize = 1u << 20;

// Declares the fields of a message, in wire order, for field_encode/field_decode.
#define MAGMA_FIELDS(...)                                    \
  template <class V> void visit_fields(V&& magma_visitor_) { magma_visitor_(__VA_ARGS__); } \
  template <class V> void visit_fields(V&& magma_visitor_) const { magma_visitor_(__VA_ARGS__); }

// ---- encoding -------------------------------------------------------------------
inline void field_encode(ByteWriter& w, bool v) { w.u8(v ? 1 : 0); }
inline void field_encode(ByteWriter& w, uint8_t v) { w.u8(v); }
inline void field_encode(ByteWriter& w, uint16_t v) { w.u16(v); }
inline void field_encode(ByteWriter& w, uint32_t v) { w.u32(v); }
inline void field_encode(ByteWriter& w, uint64_t v) { w.u64(v); }
inline void field_encode(ByteWriter& w, int64_t v) { w.u64(static_cast<uint64_t>(v)); }
inline void field_encode(ByteWriter& w, const std::string& v) { w.blob(v.data(), v.size()); }
inline void field_encode(ByteWriter& w, const Bytes& v) { w.blob(v.data(), v.size()); }
inline void field_encode(ByteWriter& w, const Key& v) { w.raw(v.bytes.data(), v.bytes.size()); }
inline void field_encode(ByteWriter& w, const Slice& v) {
  field_encode(w, v.start);
  field_encode(w, v.stop);
}
template <class E, std::enable_if_t<std::is_enum_v<E>, int> = 0>
void field_encode(ByteWriter& w, E v) { field_encode(w, static_cast<std::underlying_type_t<E>>(v)); }
template <class T>
auto field_encode(ByteWriter& w, const T& msg) -> decltype(msg.visit_fields(0), void());
template <class T>
void field_encode(ByteWriter& w, const std::vector<T>& v) {
  w.u32(static_cast<uint32_t>(v.size()));
  for (const auto& e : v) field_encode(w, e);
}
template <class T>
auto field_encode(ByteWriter& w, const T& msg) -> decltype(msg.visit_fields(0), void()) {
  msg.visit_fields([&w](const auto&... f) { (field_encode(w, f), ...); });
}

// ---- decoding (every failure leaves r.ok() false) ---------------------------------
inline void field_decode(ByteReader& r, bool& v) { v = r.u8() != 0; }
inline void field_decode(ByteReader& r, uint8_t& v) { v = r.u8(); }
inline void field_decode(ByteReader& r, uint16_t& v) { v = r.u16(); }
inline void field_decode(ByteReader& r, uint32_t& v) { v = r.u32(); }
inline void field_decode(ByteReader& r, uint64_t& v) { v = r.u64(); }
inline void field_decode(ByteReader& r, int64_t& v) { v = static_cast<int64_t>(r.u64()); }
inline void field_decode(ByteReader& r, std::string& v) { r.blob(v, kMaxBlobSize); }
inline void field_decode(ByteReader& r, Bytes& v) { r.blob(v, kMaxBlobSize); }
inline void field_decode(ByteReader& r, Key& v) { r.raw(v.bytes.data(), v.bytes.size()); }
// A slice with start > stop is never constructed, so none is accepted.
inline void field_decode(ByteReader& r, Slice& v) {
  field_decode(r, v.start);
  field_decode(r, v.stop);
  if (v.stop < v.start) r.fail();
}
// Enums carry their own range check: enum_in_range(E) must be declared next to E.
template <class E, std::enable_if_t<std::is_enum_v<E>, int> = 0>
void field_decode(ByteReader& r, E& v) {
  std::underlying_type_t<E> raw{};
  field_decode(r, raw);
  v = static_cast<E>(raw);
  if (!enum_in_range(v)) r.fail();
}
template <class T>
auto field_decode(ByteReader& r, T& msg) -> decltype(msg.visit_fields(0), void());
template <class T>
void field_decode(ByteReader& r, std::vector<T>& v) {
  uint32_t n = r.u32();
  // Every element takes at least one byte, so a count above the bytes left is a lie.
  if (n > kMaxListSize || n > r.remaining()) {
    r.fail();
    return;
  }
  v.clear();
  v.reserve(n);
  for (uint32_t i = 0; i < n && r.ok(); ++i) field_decode(r, v.emplace_back());
}
template <class T>
auto field_decode(ByteReader& r, T& msg) -> decltype(msg.visit_fields(0), void()) {
  msg.visit_fields([&r](auto&... f) { (field_decode(r, f), ...); });
}

// Encodes msg onto the end of out.
template <class T>
void encode_message(const T& msg, Bytes& out) {
  ByteWriter w(out);
  field_encode(w, msg);
}

// Decodes exactly the n bytes at p into msg. Fails with Protocol if the bytes are
// truncated, carry trailing garbage, or hold an out-of-range value.
template <class T>
Status decode_message(const uint8_t* p, size_t n, T& msg) {
  ByteReader r(p, n);
  field_decode(r, msg);
  if (!r.ok()) return Status(Errc::Protocol, "malformed message");
  if (r.remaining() != 0) return Status(Errc::Protocol, "trailing bytes in message");
  return Status::ok();
}

}  // namespace magma
