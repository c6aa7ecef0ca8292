// SyncStorage: makes everything this volcano stored durable against a power loss. A
// hand-off asks the joiner for it once, after copying without a sync per file: one
// syncfs(2) of the storage directory's file system costs what one fsync of a new file
// does, instead of one per file handed off.
#include <fcntl.h>
#include <unistd.h>

#include "libmagma/unique_fd.h"
#include "server/flare_store.h"
#include "server/ops/ops.h"

namespace magma::server::ops {

Result<EmptyResponse> run(OpEnv& env, const CallContext&, const SyncStorageRequest&) {
  const std::string& dir = env.options.storage_dir;
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) return Status::from_errno("open " + dir);
  // Data files, their directories and the store's write-ahead log all live below dir.
  if (::syncfs(fd.get()) != 0) return Status::from_errno("syncfs " + dir);
  MAGMA_RETURN_IF_ERROR(env.store.make_durable());
  return EmptyResponse{};
}

}  // namespace magma::server::ops
