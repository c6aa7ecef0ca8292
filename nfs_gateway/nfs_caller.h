// Who an NFS call acts as: the RPC credentials turned into the Credentials the
// FlareService stamps on new flares and the gateway checks permissions with, by the
// options of the share the call is in. AUTH_UNIX uid, gid and groups are taken as sent;
// AUTH_NULL is the share's anonymous user; with root squash, uid 0 becomes the anonymous
// user and gid 0 (also among the groups) its group, as knfsd squashes. Pure, thread-safe.
#pragma once

#include "acl/share.h"
#include "libmagma/flare_messages.h"
#include "nfs_gateway/rpc/rpc_program.h"

namespace magma::nfs {

Credentials credentials_of(const rpc::RpcCaller& caller, const acl::Share& share);

}  // namespace magma::nfs
