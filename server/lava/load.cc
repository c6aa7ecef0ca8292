// Load: what this volcano holds (records, inodes, bytes of data) and how much room its
// storage has. The coordinator splits the busiest volcano; /.dht shows the figures.
#include <sys/statvfs.h>

#include "server/data_files.h"
#include "server/flare_store.h"
#include "server/lava.h"
#include "server/ops/ops.h"

namespace magma::server::ops {

namespace {

Status count_rows(OpEnv& env, LoadResponse& load) {
  // The store holds only what this volcano owns: a hand-off deletes what it gives away.
  return env.store.read([&](FlareStore::Txn& t) -> Status {
    auto keys = t.record_count(Slice{});
    if (!keys) return keys.status();
    load.keys = *keys;
    auto inodes = t.inode_count();
    if (!inodes) return inodes.status();
    load.inodes = *inodes;
    return Status::ok();
  });
}

}  // namespace

Result<LoadResponse> run(OpEnv& env, const CallContext&, const LoadRequest&) {
  LoadResponse load;
  load.nickname = env.lava.nickname();
  load.epoch = env.lava.epoch();
  MAGMA_RETURN_IF_ERROR(count_rows(env, load));
  MAGMA_RETURN_IF_ERROR(env.data.for_each([&](const FlareId&, uint64_t length) {
    load.data_bytes += length;
    return Status::ok();
  }));
  struct statvfs vfs {};
  if (::statvfs(env.options.storage_dir.c_str(), &vfs) != 0)
    return Status::from_errno("statvfs " + env.options.storage_dir);
  load.storage_total = uint64_t(vfs.f_blocks) * vfs.f_frsize;
  load.storage_free = uint64_t(vfs.f_bavail) * vfs.f_frsize;
  load.data_read = env.data.bytes_read();
  load.data_written = env.data.bytes_written();
  return load;
}

}  // namespace magma::server::ops
