// Encoding an NFS procedure's results: the success structure through its generated XDR
// routine, or, for a failure, only the nfsstat: every NFS v2 result is a union on nfsstat
// (or a bare nfsstat) whose error arms are void (RFC 1094 section 2.2).
#pragma once

#include "libmagma/errc.h"
#include "nfs_gateway/nfs_call.h"
#include "nfs_gateway/nfs_resolve.h"
#include "nfs_gateway/rpc/rpc_program.h"
#include "rpcgen/nfs_prot.h"

namespace magma::nfs {

// Encodes res into results: Success, or SystemErr when it does not fit.
template <class T>
rpc::AcceptStat encode_reply(XDR* results, bool_t (*encode)(XDR*, T*), T& res) {
  return encode(results, &res) ? rpc::AcceptStat::Success : rpc::AcceptStat::SystemErr;
}

// Encodes the nfsstat of status s (nfs_status.h, logged there). REQUIRES: !s.is_ok().
rpc::AcceptStat reply_error(const NfsCall& call, XDR* results, const Status& s);

// Encodes a bare nfsstat result (REMOVE, RENAME, LINK, SYMLINK, RMDIR): NFS_OK for an ok s.
rpc::AcceptStat reply_status(const NfsCall& call, XDR* results, const Status& s);

// Encodes an attrstat: NFS_OK and attr (GETATTR, SETATTR, WRITE).
rpc::AcceptStat reply_attr(const NfsCall& call, XDR* results, const FlareAttr& attr);

// Encodes a diropres: NFS_OK, flare's handle and attributes (LOOKUP, CREATE, MKDIR).
rpc::AcceptStat reply_dirop(const NfsCall& call, XDR* results, const Resolved& flare);

}  // namespace magma::nfs
