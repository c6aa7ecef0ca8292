// RPC credentials → Credentials, with AUTH_NULL and root squash.
#include "nfs_gateway/nfs_caller.h"

#include <algorithm>

namespace magma::nfs {

Credentials credentials_of(const rpc::RpcCaller& caller, const NfsExport& exported) {
  Credentials creds;
  if (!caller.unix_creds) {
    creds.uid = exported.anon_uid;
    creds.gid = exported.anon_gid;
    return creds;
  }
  const rpc::UnixCredentials& sent = *caller.unix_creds;
  creds.uid = sent.uid;
  creds.gid = sent.gid;
  size_t groups = std::min(sent.gids.size(), Credentials::kMaxGroups);
  creds.groups.assign(sent.gids.begin(), sent.gids.begin() + static_cast<std::ptrdiff_t>(groups));
  if (!exported.root_squash) return creds;
  if (creds.uid == 0) creds.uid = exported.anon_uid;
  if (creds.gid == 0) creds.gid = exported.anon_gid;
  std::replace(creds.groups.begin(), creds.groups.end(), uint32_t{0}, exported.anon_gid);
  return creds;
}

}  // namespace magma::nfs
