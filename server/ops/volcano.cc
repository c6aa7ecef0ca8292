// Ping and Statfs: what the volcano is and how much room its storage has.
#include <sys/statvfs.h>

#include "libmagma/path.h"
#include "server/ops/names.h"

namespace magma::server::ops {

Result<PingResponse> run(OpEnv& env, const CallContext&, const PingRequest&) {
  return PingResponse{env.options.nickname, PACKAGE_VERSION};
}

Result<StatfsResponse> run(OpEnv& env, const CallContext&, const StatfsRequest&) {
  struct statvfs vfs {};
  if (::statvfs(env.options.storage_dir.c_str(), &vfs) != 0)
    return Status::from_errno("statvfs " + env.options.storage_dir);
  uint64_t flares = 0;
  MAGMA_RETURN_IF_ERROR(env.store.read([&](Txn& t) { return assign(t.inode_count(), flares); }));
  StatfsResponse resp;
  // Counted in resp.block_size units whatever the local filesystem's fragment size.
  auto blocks = [&](fsblkcnt_t n) { return uint64_t(n) * vfs.f_frsize / resp.block_size; };
  resp.blocks = blocks(vfs.f_blocks);
  resp.blocks_free = blocks(vfs.f_bfree);
  resp.blocks_avail = blocks(vfs.f_bavail);
  // Each flare costs a database row, not a local inode; the local free inodes are the best
  // estimate of how many more data files fit.
  resp.files = flares + vfs.f_favail;
  resp.files_free = vfs.f_favail;
  resp.name_max = kMaxNameLength;
  return resp;
}

}  // namespace magma::server::ops
