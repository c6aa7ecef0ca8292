// Ping and Statfs: what the volcano is, and how much room the lava's storage has (the sum
// of every volcano's own figures, VolcanoStatfs).
#include <sys/statvfs.h>

#include "libmagma/logging.h"
#include "libmagma/path.h"
#include "server/lava.h"
#include "server/ops/names.h"

namespace magma::server::ops {

Result<PingResponse> run(OpEnv& env, const CallContext&, const PingRequest&) {
  return PingResponse{env.options.nickname, PACKAGE_VERSION};
}

Result<StatfsResponse> run(OpEnv& env, const CallContext&, const VolcanoStatfsRequest&) {
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

// A volcano that does not answer is left out (logged): df shows what is reachable.
Result<StatfsResponse> run(OpEnv& env, const CallContext&, const StatfsRequest&) {
  StatfsResponse sum;
  sum.name_max = kMaxNameLength;
  size_t answered = 0;
  Status failed;
  for (const VolcanoInfo& v : env.lava.topology().volcanos) {
    Result<StatfsResponse> one = env.lava.call(v, VolcanoStatfsRequest{});
    if (!one) {
      failed = one.status();
      MAGMA_LOG(warning) << "statfs leaves out volcano " << v.nickname << ": " << failed.to_string();
      continue;
    }
    ++answered;
    sum.blocks += one->blocks;
    sum.blocks_free += one->blocks_free;
    sum.blocks_avail += one->blocks_avail;
    sum.files += one->files;
    sum.files_free += one->files_free;
  }
  if (answered == 0) return failed.is_ok() ? Status(Errc::Io, "a lava without volcanos") : failed;
  return sum;
}

}  // namespace magma::server::ops
