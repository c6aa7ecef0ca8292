// READDIR's paging (RFC 1094 section 2.2.17): the 4-byte cookies, the byte budget the
// client's count sets, and the entry list of one reply.
//
// Cookies. NFS cookie 0 starts a listing; 1 resumes after ".", 2 after ".."; n >= 3 after
// the entry whose FlareService cookie is n - 2. The service's cookies are fixed for an
// entry's life, so this stateless mapping keeps cookies valid across calls, gateways and
// restarts while the directory changes: an entry present throughout is listed exactly
// once. It holds for service cookies up to kMaxServiceCookie; a directory's counter
// grows by one per entry ever added to it, so that is four billion creations in one
// directory. Past it the listing fails (Range) rather than repeat or skip entries.
//
// Budget. count bounds the whole encoded result (status, entries, end marker, eof).
// Pure values; not thread-safe (one call's own).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "libmagma/errc.h"
#include "rpcgen/nfs_prot.h"

namespace magma::nfs {

constexpr uint32_t kCookieAfterDot = 1;
constexpr uint32_t kCookieAfterDotDot = 2;
constexpr uint64_t kMaxServiceCookie = UINT32_MAX - kCookieAfterDotDot;

// The value of a cookie's 4 opaque bytes (big-endian, as the replies write them).
uint32_t cookie_value(const nfscookie cookie);

// Where a listing resumes.
struct ReadDirPosition {
  bool dot = false;     // "." is still to list
  bool dotdot = false;  // ".." is still to list
  uint64_t after = 0;   // the service cookie to list after (ReadDirRequest::cookie)
};
ReadDirPosition position_of(uint32_t nfs_cookie);

// The NFS cookie of an entry with this service cookie; Range beyond kMaxServiceCookie.
Result<uint32_t> nfs_cookie_of(uint64_t service_cookie);

// The bytes left for entries in one reply.
class ReplyBudget {
 public:
  // A reply's fixed part: status (4), the end of the entry list (4), eof (4).
  static constexpr uint32_t kFixedBytes = 12;
  // An entry: "an entry follows" (4), fileid (4), name length (4), the name padded to a
  // multiple of 4, cookie (4).
  static constexpr uint32_t kEntryBytes = 16;
  // Counts above this are served as this: one reply stays an 8 KiB transfer, as READ.
  static constexpr uint32_t kMaxCount = NFS_MAXDATA;

  explicit ReplyBudget(uint32_t count);
  // Whether an entry named name fits in what is left; if it does, it is counted.
  bool take(std::string_view name);
  // The most entries that could still fit (each holds a name of at least one byte).
  uint32_t max_entries() const { return left_ / (kEntryBytes + 4); }

 private:
  uint32_t left_;
};

// The entry list of one READDIR reply, owning the names the XDR structures point at.
class DirListing {
 public:
  void add(uint32_t fileid, std::string name, uint32_t cookie);
  bool empty() const { return items_.empty(); }

  // The NFS_OK result listing every entry added; it points into this listing and is
  // valid while the listing lives and nothing is added.
  readdirres reply(bool eof);

 private:
  struct Item {
    uint32_t fileid;
    std::string name;
    uint32_t cookie;
  };
  std::vector<Item> items_;
  std::vector<entry> entries_;  // built by reply()
};

}  // namespace magma::nfs
