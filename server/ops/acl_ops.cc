// AclCheck, AclReload and Share: the shares in force on this volcano, for magmactl acl
// and mount.magma --share.
#include "acl/describe.h"
#include "acl/explain.h"
#include "server/ops/ops.h"
#include "server/shares.h"

namespace magma::server::ops {

Result<AclResponse> run(OpEnv& env, const CallContext&, const AclCheckRequest& req) {
  std::shared_ptr<const acl::Acl> rules = env.shares.current();
  auto lines = acl::explain_check(*rules, req.address, req.path, req.want);
  if (!lines) return lines.status();
  return AclResponse{std::move(*lines)};
}

Result<AclResponse> run(OpEnv& env, const CallContext&, const AclReloadRequest&) {
  MAGMA_RETURN_IF_ERROR(env.shares.reload());
  return AclResponse{acl::describe(*env.shares.current())};
}

Result<ShareResponse> run(OpEnv& env, const CallContext&, const ShareRequest& req) {
  std::shared_ptr<const acl::Acl> rules = env.shares.current();
  const acl::Share* share = rules->find_share(req.name);
  if (!share) return Status(Errc::NotFound, "no share named '" + req.name + "'");
  return ShareResponse{share->path, share->read_only};
}

}  // namespace magma::server::ops
