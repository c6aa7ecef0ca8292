// Extended attributes, by flare id (and a directory's place). getxattr and listxattr
// follow the two-call protocol: size 0 asks for the size the value needs, a smaller
// buffer than that is ERANGE.
#include <sys/xattr.h>

#include <string>
#include <string_view>

#include "fuse_client/fuse_ops.h"
#include "fuse_client/magma_fs.h"
#include "fuse_client/reply.h"

namespace magma::fuse::ops {
namespace {

Result<uint32_t> xattr_flags(int flags) {
  if (flags & ~(XATTR_CREATE | XATTR_REPLACE)) {
    return Status(Errc::Invalid, "unsupported setxattr flags " + std::to_string(flags));
  }
  uint32_t wire = 0;
  if (flags & XATTR_CREATE) wire |= kXattrCreate;
  if (flags & XATTR_REPLACE) wire |= kXattrReplace;
  return wire;
}

// Replies data as the answer to a buffer of size bytes (0: only the size is wanted).
void reply_sized(fuse_req_t req, const void* data, size_t length, size_t size, const char* op) {
  if (size == 0) return static_cast<void>(fuse_reply_xattr(req, length));
  if (length > size) return reply_error(req, Status(Errc::Range, "buffer too small"), op);
  fuse_reply_buf(req, static_cast<const char*>(data), length);
}

}  // namespace

void setxattr(fuse_req_t req, fuse_ino_t ino, const char* name, const char* value,
              size_t size, int flags) {
  guarded(req, "setxattr", [&] {
    Result<FlareRef> flare = fs_of(req).inodes.locate(ino);
    if (!flare) return reply_error(req, flare.status(), "setxattr");
    Result<uint32_t> wire_flags = xattr_flags(flags);
    if (!wire_flags) return reply_error(req, wire_flags.status(), "setxattr");
    if (size > kMaxXattrValue) {
      return reply_error(req, Status(Errc::Range, "xattr value too large"), "setxattr");
    }
    SetXattrRequest request{flare->id, flare->place, name, Bytes(value, value + size), *wire_flags};
    auto answer = call_as_caller(req, request);
    if (!answer) return reply_error(req, answer.status(), "setxattr");
    reply_ok(req);
  });
}

void getxattr(fuse_req_t req, fuse_ino_t ino, const char* name, size_t size) {
  guarded(req, "getxattr", [&] {
    Result<FlareRef> flare = fs_of(req).inodes.locate(ino);
    if (!flare) return reply_error(req, flare.status(), "getxattr");
    // Volcanos store only user.* names, so anything else is absent. Answering here
    // saves the round trip the kernel makes for security.capability before every write.
    if (std::string_view(name).rfind("user.", 0) != 0)
      return reply_error(req, Status(Errc::NoData, "no such xattr"), "getxattr");
    auto answer = call_as_caller(req, GetXattrRequest{flare->id, flare->place, name});
    if (!answer) return reply_error(req, answer.status(), "getxattr");
    const Bytes& value = answer->value;
    reply_sized(req, value.data(), value.size(), size, "getxattr");
  });
}

void listxattr(fuse_req_t req, fuse_ino_t ino, size_t size) {
  guarded(req, "listxattr", [&] {
    Result<FlareRef> flare = fs_of(req).inodes.locate(ino);
    if (!flare) return reply_error(req, flare.status(), "listxattr");
    auto answer = call_as_caller(req, ListXattrRequest{flare->id, flare->place});
    if (!answer) return reply_error(req, answer.status(), "listxattr");
    std::string names;  // each name followed by its NUL, as listxattr(2) returns them
    for (const std::string& n : answer->names) names.append(n).push_back('\0');
    reply_sized(req, names.data(), names.size(), size, "listxattr");
  });
}

void removexattr(fuse_req_t req, fuse_ino_t ino, const char* name) {
  guarded(req, "removexattr", [&] {
    Result<FlareRef> flare = fs_of(req).inodes.locate(ino);
    if (!flare) return reply_error(req, flare.status(), "removexattr");
    auto answer = call_as_caller(req, RemoveXattrRequest{flare->id, flare->place, name});
    if (!answer) return reply_error(req, answer.status(), "removexattr");
    reply_ok(req);
  });
}

}  // namespace magma::fuse::ops
