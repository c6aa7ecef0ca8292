// Replies to FUSE requests: the one place where an Errc becomes the errno the kernel
// sees, where entries and attributes are filled in, and where exceptions stop.
// Every reply_* function sends exactly one reply for req; req is gone afterwards.
// Thread-safety: all functions may run on any FUSE worker at once.
#pragma once

#include <fuse_lowlevel.h>

#include <exception>
#include <string_view>

#include "fuse_client/magma_fs.h"
#include "libmagma/errc.h"
#include "libmagma/flare_attr.h"

namespace magma::fuse {

// The errno this door returns for e: to_errno, except that a Timeout becomes EIO, which
// every program handles, where ETIMEDOUT from read(2) or stat(2) would confuse them.
int errno_for(Errc e);

// Replies status's errno. A failure of the connection or the volcano (Io, Protocol,
// Timeout, Disconnected, Stale) is logged as a warning naming op; others at debug only.
// REQUIRES: !status.is_ok().
void reply_error(fuse_req_t req, const Status& status, const char* op);

// Replies success without data (flush, release, unlink, ...).
void reply_ok(fuse_req_t req);

// attr as the kernel wants it (st_ino = attr.ino, st_blksize = kMaxIo so that programs
// such as cp move a whole FUSE request at a time).
void fill_stat(const FlareAttr& attr, struct stat* st);

// The entry of nodeid with attr and MagmaFs's timeouts.
fuse_entry_param entry_param(const MagmaFs& fs, fuse_ino_t nodeid, const FlareAttr& attr);

// Counts one lookup of entry, found as name in parent, and replies it. The lookup is
// undone when the reply cannot be delivered (the request was interrupted).
void reply_entry(fuse_req_t req, fuse_ino_t parent, std::string_view name,
                 const FlareEntry& entry);

// Replies "no such entry" as an entry with nodeid 0, so the kernel caches the miss for
// the entry timeout (a create through this mount drops it at once).
void reply_no_entry(fuse_req_t req);

void reply_attr(fuse_req_t req, const FlareAttr& attr);

// Replies EIO for an exception that escaped op, with one log line.
void reply_exception(fuse_req_t req, const char* op, const char* what);

// Runs body, which replies to req exactly once as its last step. Whatever body throws
// before replying becomes EIO: nothing throws into libfuse's C code.
template <class Body>
void guarded(fuse_req_t req, const char* op, Body&& body) noexcept {
  try {
    body();
  } catch (const std::exception& e) {
    reply_exception(req, op, e.what());
  } catch (...) {
    reply_exception(req, op, "unknown exception");
  }
}

// As guarded, for the callbacks that send no reply (forget): an exception is logged.
void log_exception(const char* op, const char* what);
template <class Body>
void guarded_without_reply(const char* op, Body&& body) noexcept {
  try {
    body();
  } catch (const std::exception& e) {
    log_exception(op, e.what());
  } catch (...) {
    log_exception(op, "unknown exception");
  }
}

}  // namespace magma::fuse
