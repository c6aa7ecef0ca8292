// The operation table, capability negotiation and the forget callbacks.
#include "fuse_client/fuse_ops.h"

#include "fuse_client/magma_fs.h"
#include "fuse_client/reply.h"
#include "libmagma/logging.h"

namespace magma::fuse {

fuse_lowlevel_ops make_fuse_ops() {
  fuse_lowlevel_ops o{};
  o.init = ops::init;
  o.forget = ops::forget;
  o.forget_multi = ops::forget_multi;
  o.lookup = ops::lookup;
  o.mknod = ops::mknod;
  o.mkdir = ops::mkdir;
  o.symlink = ops::symlink;
  o.unlink = ops::unlink;
  o.rmdir = ops::rmdir;
  o.rename = ops::rename;
  o.link = ops::link;
  o.open = ops::open;
  o.create = ops::create;
  o.read = ops::read;
  o.write = ops::write;
  o.flush = ops::flush;
  o.fsync = ops::fsync;
  o.release = ops::release;
  o.getattr = ops::getattr;
  o.setattr = ops::setattr;
  o.statfs = ops::statfs;
  o.readlink = ops::readlink;
  o.access = ops::access;
  o.opendir = ops::opendir;
  o.readdir = ops::readdir;
  o.readdirplus = ops::readdirplus;
  o.releasedir = ops::releasedir;
  o.fsyncdir = ops::fsyncdir;
  o.setxattr = ops::setxattr;
  o.getxattr = ops::getxattr;
  o.listxattr = ops::listxattr;
  o.removexattr = ops::removexattr;
  return o;
}

namespace ops {
namespace {

void want_if_capable(fuse_conn_info* conn, unsigned cap) {
  if (conn->capable & cap) conn->want |= cap;
}

}  // namespace

void init(void*, fuse_conn_info* conn) {
  // One write or read of up to kMaxIo travels in one flare request. libfuse turns
  // max_write into the kernel's max_pages, and its receive buffer already holds that.
  conn->max_write = kMaxIo;
  // libfuse can only lower what the kernel offered; ask for as much as it allows.
  conn->max_readahead = kMaxIo;
  // More requests in flight lets readahead and parallel callers use the connection.
  conn->max_background = 64;
  want_if_capable(conn, FUSE_CAP_ASYNC_READ);
  want_if_capable(conn, FUSE_CAP_READDIRPLUS);
  want_if_capable(conn, FUSE_CAP_READDIRPLUS_AUTO);
  want_if_capable(conn, FUSE_CAP_PARALLEL_DIROPS);
  // Writeback caching would let the kernel acknowledge writes the volcano never saw and
  // reorder them against other clients: off until the protocol can keep that correct.
  conn->want &= ~FUSE_CAP_WRITEBACK_CACHE;
  // O_TRUNC arrives as a separate setattr(size 0), which setattr already handles.
  conn->want &= ~FUSE_CAP_ATOMIC_O_TRUNC;
  // The volcano does not clear setuid/setgid on write or chown; the kernel does it
  // for us (with a setattr) when this is off.
  conn->want &= ~FUSE_CAP_HANDLE_KILLPRIV;
  // No EXPORT_SUPPORT: a file handle would carry a nodeid, which does not survive a
  // restart of mount.magma; re-export through the NFS gateway instead.
  MAGMA_DEBUG('u') << "init: max_write " << conn->max_write << " max_readahead "
                    << conn->max_readahead << " want 0x" << std::hex << conn->want;
}

void forget(fuse_req_t req, fuse_ino_t ino, uint64_t nlookup) {
  guarded_without_reply("forget", [&] { fs_of(req).inodes.forget(ino, nlookup); });
  fuse_reply_none(req);
}

void forget_multi(fuse_req_t req, size_t count, fuse_forget_data* forgets) {
  guarded_without_reply("forget_multi", [&] {
    InodeTable& inodes = fs_of(req).inodes;
    for (size_t i = 0; i < count; ++i) inodes.forget(forgets[i].ino, forgets[i].nlookup);
  });
  fuse_reply_none(req);
}

}  // namespace ops
}  // namespace magma::fuse
