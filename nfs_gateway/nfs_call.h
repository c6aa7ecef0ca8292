// NfsCall: what one NFS procedure runs with: the FlareService, the shares in force, the
// caller and who it acts as, and the lava's fsid. Made by NfsProgram::dispatch for each
// call and used by that call's thread only.
#pragma once

#include <cstdint>
#include <memory>

#include "acl/acl.h"
#include "libmagma/key.h"
#include "nfs_gateway/rpc/rpc_program.h"
#include "server/flare_service.h"

namespace magma::nfs {

struct NfsCall {
  server::FlareService& service;
  std::shared_ptr<const acl::Acl> shares;  // in force when the call came
  const rpc::RpcCaller& caller;
  const KeyFunction& key_of;
  // The caller's Credentials (nfs_caller.h), no session, and its address for the ACL.
  // Until the call resolves its first handle, the strictest identity (squashed, nobody).
  server::CallContext ctx;
  // The share of the first flare the call resolved: who the caller acts as (enter()).
  const acl::Share* share = nullptr;
  uint32_t fsid = 0;           // fattr.fsid: the lava's (NfsProgram)
  const char* procedure = "";  // for logs: "LOOKUP"

  const Credentials& creds() const { return ctx.creds; }

  // The first time: the call acts as its caller does in s (root squash, anonymous ids).
  // A call that names two flares (RENAME, LINK) keeps the identity of the first.
  void enter(const acl::Share& s);

  // Runs req on the FlareService as the caller; blocks (it may reach other volcanos).
  template <class Request>
  auto ask(const Request& req) const {
    return service.handle(ctx, req);
  }
};

}  // namespace magma::nfs
