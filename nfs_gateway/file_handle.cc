// NFS file handles: the 32-byte layout of file_handle.h, encoded and checked.
#include "nfs_gateway/file_handle.h"

#include <algorithm>

namespace magma::nfs {

namespace {

constexpr uint8_t kMagic = 'M';
constexpr uint8_t kVersion = 2;  // 1 had no share tag
constexpr uint8_t kFileKind = 1;
constexpr uint8_t kDirKind = 2;
constexpr size_t kMagicAt = 0, kVersionAt = 1, kKindAt = 2, kCheckAt = 3;
constexpr size_t kKeyAt = 4;                     // the id or the place: 20 bytes
constexpr size_t kInoAt = kKeyAt + Key::kSize;   // 24: the inode number, or tag and zeros, 8 bytes
static_assert(kInoAt + 8 == kHandleSize);

void put_be(HandleBytes& h, size_t at, uint64_t v, size_t n) {
  for (size_t i = 0; i < n; ++i) h[at + i] = static_cast<uint8_t>(v >> (8 * (n - 1 - i)));
}

// The check byte: h = h * 31 + byte (mod 256) over every byte but itself. 31 is odd, so
// it is invertible mod 256 and any change of one byte changes the sum; it catches
// corruption and careless forgeries, not a determined forger (handles are no secret:
// AUTH_UNIX already trusts the client).
uint8_t check_byte(const HandleBytes& h) {
  uint8_t sum = 0;
  for (size_t i = 0; i < kHandleSize; ++i)
    if (i != kCheckAt) sum = static_cast<uint8_t>(sum * 31 + h[i]);
  return sum;
}

Status stale(const char* why) { return Status(Errc::Stale, std::string("file handle refused: ") + why); }

}  // namespace

uint32_t share_tag_of(std::string_view share_name) {
  Key digest = sha1_key(share_name);
  return static_cast<uint32_t>(digest.bytes[0]) << 24 | static_cast<uint32_t>(digest.bytes[1]) << 16 |
         static_cast<uint32_t>(digest.bytes[2]) << 8 | digest.bytes[3];
}

HandleRef ref_of(const FlareEntry& entry, std::string_view path, const KeyFunction& key_of,
                 std::string_view share_name) {
  if (entry.attr.type == FlareType::Directory) return DirRef{key_of(path), ino_of(entry.id)};
  return FileRef{entry.id, share_tag_of(share_name)};
}

HandleBytes encode_handle(const HandleRef& ref) {
  HandleBytes h{};
  h[kMagicAt] = kMagic;
  h[kVersionAt] = kVersion;
  if (const FileRef* file = std::get_if<FileRef>(&ref)) {
    h[kKindAt] = kFileKind;
    std::copy(file->id.bytes.begin(), file->id.bytes.end(), h.begin() + kKeyAt);
    put_be(h, kInoAt, file->share_tag, 4);
  } else {
    const DirRef& dir = std::get<DirRef>(ref);
    h[kKindAt] = kDirKind;
    std::copy(dir.place.bytes.begin(), dir.place.bytes.end(), h.begin() + kKeyAt);
    put_be(h, kInoAt, dir.ino, 8);
  }
  h[kCheckAt] = check_byte(h);
  return h;
}

Result<HandleRef> decode_handle(std::span<const uint8_t> bytes) {
  if (bytes.size() != kHandleSize) return stale("wrong length");
  HandleBytes h;
  std::copy(bytes.begin(), bytes.end(), h.begin());
  if (h[kMagicAt] != kMagic) return stale("not a Magma handle");
  if (h[kVersionAt] != kVersion) return stale("unknown version");
  if (h[kCheckAt] != check_byte(h)) return stale("check byte mismatch");
  Key key;
  std::copy(h.begin() + kKeyAt, h.begin() + kInoAt, key.bytes.begin());
  uint64_t tail = 0;
  for (size_t i = 0; i < 8; ++i) tail = tail << 8 | h[kInoAt + i];
  if (h[kKindAt] == kFileKind) {
    if ((tail & 0xffffffffu) != 0) return stale("padding not zero");
    return HandleRef{FileRef{key, static_cast<uint32_t>(tail >> 32)}};
  }
  if (h[kKindAt] != kDirKind) return stale("unknown kind");
  if (tail < 2) return stale("no inode number");  // ino_of never gives 0 or 1
  return HandleRef{DirRef{key, tail}};
}

}  // namespace magma::nfs
