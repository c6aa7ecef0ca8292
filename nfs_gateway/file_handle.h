// NFS file handles: the 32 opaque bytes an NFSv2 client names a flare by. A handle holds
// what the lava needs to find the flare again, so it stays valid after magmad restarts
// (and, for a file, after a rename), and no gateway keeps a table of handles:
//  - a non-directory: its FlareId, which never changes (its inode lives at the id), and
//    the tag of the share it was found in: the gateway learns no path from the id, and
//    the share says who the caller acts as (root squash, anonymous ids);
//  - a directory: the key of its path (where its inode lives) and its inode number,
//    found again with ResolveDirRequest. Renaming a directory moves it, so its old handle
//    goes stale, as on servers that check subtrees.
//
// Layout: magic 'M' (1 byte), format version 2 (1), kind (1: file, 2: directory),
// a check byte over the other 31 bytes, then for a file the 20-byte id, the 4-byte share
// tag (big-endian) and 4 zero bytes,
// for a directory the 20-byte place and the 8-byte inode number (big-endian). A handle
// that is not exactly this (wrong length, magic, version, kind, check, padding) is
// refused with Stale, so garbage never reaches the lava.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <variant>

#include "libmagma/errc.h"
#include "libmagma/flare_attr.h"
#include "libmagma/key.h"

namespace magma::nfs {

constexpr size_t kHandleSize = 32;
using HandleBytes = std::array<uint8_t, kHandleSize>;

// A share's tag: 32 bits of the SHA1 of its name, the same on every volcano and across
// restarts.
uint32_t share_tag_of(std::string_view share_name);

struct FileRef {
  FlareId id;
  uint32_t share_tag = 0;  // share_tag_of the share the handle was made in
  bool operator==(const FileRef&) const = default;
};
struct DirRef {
  Key place;  // key of the directory's path
  uint64_t ino = 0;  // ino_of(its id)
  bool operator==(const DirRef&) const = default;
};
using HandleRef = std::variant<FileRef, DirRef>;

// The handle of the flare entry found at normalised path (a directory's place is
// key_of(path)), in the share named share_name.
HandleRef ref_of(const FlareEntry& entry, std::string_view path, const KeyFunction& key_of,
                 std::string_view share_name);

HandleBytes encode_handle(const HandleRef& ref);
// Stale (with a reason for the log) for anything encode_handle would not produce.
Result<HandleRef> decode_handle(std::span<const uint8_t> bytes);

}  // namespace magma::nfs
