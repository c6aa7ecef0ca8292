// Namespace operations: the flare service is path-based here, so each one turns
// (parent nodeid, name) into a path through the inode table and keeps the table in step.
#include <cstdio>

#include "fuse_client/fuse_ops.h"
#include "fuse_client/magma_fs.h"
#include "fuse_client/reply.h"

namespace magma::fuse::ops {
namespace {

// Sends make_request(path of (parent, name)), a request answered with an EntryResponse,
// and replies the new entry.
template <class MakeRequest>
void make_entry(fuse_req_t req, fuse_ino_t parent, const char* name, const char* op,
                MakeRequest make_request) {
  Result<std::string> path = fs_of(req).inodes.child_path(parent, name);
  if (!path) return reply_error(req, path.status(), op);
  auto answer = call_as_caller(req, make_request(std::move(*path)));
  if (!answer) return reply_error(req, answer.status(), op);
  reply_entry(req, parent, name, answer->entry);
}

// Sends Request{path of (parent, name)}, a removal, and forgets the name's place.
template <class Request>
void remove_entry(fuse_req_t req, fuse_ino_t parent, const char* name, const char* op) {
  MagmaFs& fs = fs_of(req);
  Result<std::string> path = fs.inodes.child_path(parent, name);
  if (!path) return reply_error(req, path.status(), op);
  auto answer = call_as_caller(req, Request{std::move(*path)});
  if (!answer) return reply_error(req, answer.status(), op);
  fs.inodes.removed(parent, name);
  reply_ok(req);
}

Result<uint32_t> rename_flags(unsigned int flags) {
  if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE)) {
    return Status(Errc::Invalid, "unsupported rename flags " + std::to_string(flags));
  }
  uint32_t wire = 0;
  if (flags & RENAME_NOREPLACE) wire |= kRenameNoReplace;
  if (flags & RENAME_EXCHANGE) wire |= kRenameExchange;
  return wire;
}

}  // namespace

void lookup(fuse_req_t req, fuse_ino_t parent, const char* name) {
  guarded(req, "lookup", [&] {
    Result<std::string> path = fs_of(req).inodes.child_path(parent, name);
    if (!path) return reply_error(req, path.status(), "lookup");
    auto answer = call_as_caller(req, LookupRequest{std::move(*path)});
    if (answer.code() == Errc::NotFound) return reply_no_entry(req);
    if (!answer) return reply_error(req, answer.status(), "lookup");
    reply_entry(req, parent, name, answer->entry);
  });
}

void mknod(fuse_req_t req, fuse_ino_t parent, const char* name, mode_t mode, dev_t rdev) {
  guarded(req, "mknod", [&] {
    Result<FlareType> type = type_from_mode(mode);
    if (!type) return reply_error(req, type.status(), "mknod");
    if (*type == FlareType::Symlink) {
      return reply_error(req, Status(Errc::Invalid, "mknod of a symlink"), "mknod");
    }
    make_entry(req, parent, name, "mknod", [&](std::string path) {
      return MknodRequest{std::move(path), *type, mode & kPermissionBits, rdev};
    });
  });
}

void mkdir(fuse_req_t req, fuse_ino_t parent, const char* name, mode_t mode) {
  guarded(req, "mkdir", [&] {
    make_entry(req, parent, name, "mkdir", [&](std::string path) {
      return MknodRequest{std::move(path), FlareType::Directory, mode & kPermissionBits, 0};
    });
  });
}

void symlink(fuse_req_t req, const char* target, fuse_ino_t parent, const char* name) {
  guarded(req, "symlink", [&] {
    make_entry(req, parent, name, "symlink", [&](std::string path) {
      return SymlinkRequest{std::move(path), target};
    });
  });
}

void unlink(fuse_req_t req, fuse_ino_t parent, const char* name) {
  guarded(req, "unlink", [&] { remove_entry<UnlinkRequest>(req, parent, name, "unlink"); });
}

void rmdir(fuse_req_t req, fuse_ino_t parent, const char* name) {
  guarded(req, "rmdir", [&] { remove_entry<RmdirRequest>(req, parent, name, "rmdir"); });
}

void rename(fuse_req_t req, fuse_ino_t parent, const char* name, fuse_ino_t new_parent,
            const char* new_name, unsigned int flags) {
  guarded(req, "rename", [&] {
    MagmaFs& fs = fs_of(req);
    Result<uint32_t> wire_flags = rename_flags(flags);
    if (!wire_flags) return reply_error(req, wire_flags.status(), "rename");
    Result<std::string> from = fs.inodes.child_path(parent, name);
    if (!from) return reply_error(req, from.status(), "rename");
    Result<std::string> to = fs.inodes.child_path(new_parent, new_name);
    if (!to) return reply_error(req, to.status(), "rename");
    auto answer = call_as_caller(req, RenameRequest{*from, *to, *wire_flags});
    if (!answer) return reply_error(req, answer.status(), "rename");
    fs.inodes.renamed(parent, name, new_parent, new_name, (flags & RENAME_EXCHANGE) != 0);
    reply_ok(req);
  });
}

void link(fuse_req_t req, fuse_ino_t ino, fuse_ino_t new_parent, const char* new_name) {
  guarded(req, "link", [&] {
    Result<NodeRef> node = fs_of(req).inodes.get(ino);
    if (!node) return reply_error(req, node.status(), "link");
    make_entry(req, new_parent, new_name, "link", [&](std::string path) {
      return LinkRequest{node->id, std::move(path)};
    });
  });
}

}  // namespace magma::fuse::ops
