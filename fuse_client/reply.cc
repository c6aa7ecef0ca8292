// Replies to FUSE requests: errno mapping, entries, attributes, exceptions.
#include "fuse_client/reply.h"

#include <cerrno>
#include <string>

#include "libmagma/logging.h"

namespace magma::fuse {
namespace {

bool is_failure_of_service(Errc e) {
  return e == Errc::Io || e == Errc::Protocol || e == Errc::Timeout ||
         e == Errc::Disconnected || e == Errc::Stale;
}

}  // namespace

int errno_for(Errc e) { return e == Errc::Timeout ? EIO : to_errno(e); }

void reply_error(fuse_req_t req, const Status& status, const char* op) {
  // NotFound, Exists and the like are answers, not trouble: debug only.
  if (is_failure_of_service(status.code())) {
    MAGMA_LOG(warning) << op << ": " << status.to_string();
  } else {
    MAGMA_DEBUG('u') << op << ": " << status.to_string();
  }
  fuse_reply_err(req, errno_for(status.code()));
}

void reply_ok(fuse_req_t req) { fuse_reply_err(req, 0); }

void fill_stat(const FlareAttr& attr, struct stat* st) { attr.to_stat(st, kMaxIo); }

fuse_entry_param entry_param(const MagmaFs& fs, fuse_ino_t nodeid, const FlareAttr& attr) {
  fuse_entry_param e{};
  e.ino = nodeid;
  e.generation = 0;  // nodeids are never reused, so no generation is needed
  fill_stat(attr, &e.attr);
  e.attr_timeout = fs.attr_timeout;
  e.entry_timeout = fs.entry_timeout;
  return e;
}

void reply_entry(fuse_req_t req, fuse_ino_t parent, std::string_view name,
                 const FlareEntry& entry) {
  MagmaFs& fs = fs_of(req);
  fuse_ino_t nodeid = fs.inodes.add_lookup(parent, name, entry);
  fuse_entry_param e = entry_param(fs, nodeid, entry.attr);
  if (fuse_reply_entry(req, &e) != 0) fs.inodes.forget(nodeid, 1);
}

void reply_no_entry(fuse_req_t req) {
  fuse_entry_param e{};
  e.ino = 0;
  e.entry_timeout = fs_of(req).entry_timeout;
  fuse_reply_entry(req, &e);
}

void reply_attr(fuse_req_t req, const FlareAttr& attr) {
  struct stat st;
  fill_stat(attr, &st);
  fuse_reply_attr(req, &st, fs_of(req).attr_timeout);
}

void log_exception(const char* op, const char* what) {
  MAGMA_LOG(error) << op << ": exception: " << what;
}

void reply_exception(fuse_req_t req, const char* op, const char* what) {
  log_exception(op, what);
  fuse_reply_err(req, EIO);
}

}  // namespace magma::fuse
