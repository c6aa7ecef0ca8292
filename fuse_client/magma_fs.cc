// MagmaFs: the caller's identity for each request.
#include "fuse_client/magma_fs.h"

#include <sys/types.h>

#include <algorithm>

namespace magma::fuse {

MagmaFs& fs_of(fuse_req_t req) { return *static_cast<MagmaFs*>(fuse_req_userdata(req)); }

Credentials caller_of(fuse_req_t req) {
  const fuse_ctx* ctx = fuse_req_ctx(req);
  Credentials creds;
  creds.uid = ctx->uid;
  creds.gid = ctx->gid;
  gid_t groups[Credentials::kMaxGroups];
  // Reads /proc/<pid>/task/<tid>/status: it fails once the caller has exited, and a
  // caller in more groups than we send is cut to the first kMaxGroups.
  int n = fuse_req_getgroups(req, Credentials::kMaxGroups, groups);
  if (n > 0) {
    size_t count = std::min(static_cast<size_t>(n), Credentials::kMaxGroups);
    creds.groups.assign(groups, groups + count);
  }
  return creds;
}

}  // namespace magma::fuse
