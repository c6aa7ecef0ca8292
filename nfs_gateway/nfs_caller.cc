// RPC credentials → Credentials, with AUTH_NULL and the share's root squash.
#include "nfs_gateway/nfs_caller.h"

#include <algorithm>

#include "nfs_gateway/nfs_call.h"

namespace magma::nfs {

Credentials credentials_of(const rpc::RpcCaller& caller, const acl::Share& share) {
  Credentials creds;
  if (!caller.unix_creds) {
    creds.uid = share.anon_uid;
    creds.gid = share.anon_gid;
    return creds;
  }
  const rpc::UnixCredentials& sent = *caller.unix_creds;
  creds.uid = sent.uid;
  creds.gid = sent.gid;
  size_t groups = std::min(sent.gids.size(), Credentials::kMaxGroups);
  creds.groups.assign(sent.gids.begin(), sent.gids.begin() + static_cast<std::ptrdiff_t>(groups));
  if (!share.root_squash) return creds;
  if (creds.uid == 0) creds.uid = share.anon_uid;
  if (creds.gid == 0) creds.gid = share.anon_gid;
  std::replace(creds.groups.begin(), creds.groups.end(), uint32_t{0}, share.anon_gid);
  return creds;
}

void NfsCall::enter(const acl::Share& s) {
  if (share) return;
  share = &s;
  ctx.creds = credentials_of(caller, s);
}

}  // namespace magma::nfs
