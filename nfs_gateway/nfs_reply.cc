// An NFS procedure's error results: the nfsstat alone.
#include "nfs_gateway/nfs_reply.h"

#include <algorithm>

#include "nfs_gateway/nfs_attr.h"
#include "nfs_gateway/nfs_status.h"

namespace magma::nfs {

rpc::AcceptStat reply_error(const NfsCall& call, XDR* results, const Status& s) {
  nfsstat stat = nfs_status_of(s, call.procedure);
  return encode_reply(results, xdr_nfsstat, stat);
}

rpc::AcceptStat reply_status(const NfsCall& call, XDR* results, const Status& s) {
  if (!s.is_ok()) return reply_error(call, results, s);
  nfsstat ok = NFS_OK;
  return encode_reply(results, xdr_nfsstat, ok);
}

rpc::AcceptStat reply_attr(const NfsCall& call, XDR* results, const FlareAttr& attr) {
  attrstat res{};
  res.status = NFS_OK;
  res.attrstat_u.attributes = fattr_of(attr, call.fsid);
  return encode_reply(results, xdr_attrstat, res);
}

rpc::AcceptStat reply_dirop(const NfsCall& call, XDR* results, const Resolved& flare) {
  diropres res{};
  res.status = NFS_OK;
  HandleBytes fh = handle_of(call, flare);
  std::copy(fh.begin(), fh.end(), res.diropres_u.diropres.file);
  res.diropres_u.diropres.attributes = fattr_of(flare.attr(), call.fsid);
  return encode_reply(results, xdr_diropres, res);
}

}  // namespace magma::nfs
