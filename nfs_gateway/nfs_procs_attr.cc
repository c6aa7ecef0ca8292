// GETATTR, SETATTR and STATFS (RFC 1094 sections 2.2.2, 2.2.3 and 2.2.18).
#include "libmagma/permission.h"
#include "nfs_gateway/nfs_args.h"
#include "nfs_gateway/nfs_attr.h"
#include "nfs_gateway/nfs_procs.h"
#include "nfs_gateway/nfs_reply.h"
#include "nfs_gateway/nfs_resolve.h"

namespace magma::nfs {

using rpc::AcceptStat;

namespace {

// The SetAttr that s asks of flare, shaped as knfsd shapes it and checked against the
// caller: a size means nothing to a special file or a symlink (dropped) and cannot be
// given to a directory (IsDir); a symlink has no mode of its own (dropped); a size past
// kMaxFileSize is TooBig.
Result<SetAttrRequest> setattr_for(const NfsCall& call, const Resolved& flare, const sattr& s) {
  SetAttrRequest req = setattr_of(s);
  req.id = flare.entry.id;
  req.place = flare.place(call.key_of);
  FlareType type = flare.attr().type;
  if (req.mask & kSetSize) {
    if (type == FlareType::Directory) return Status(Errc::IsDir, flare.path + " is a directory");
    if (type != FlareType::Regular) req.mask &= ~uint32_t(kSetSize);
    else if (req.size > kMaxFileSize) return Status(Errc::TooBig, "size past NFS v2's 2 GiB");
  }
  if (type == FlareType::Symlink) req.mask &= ~uint32_t(kSetMode);
  MAGMA_RETURN_IF_ERROR(check_may_set_attr(flare.attr(), call.creds(), req, OwnerOverride::Yes));
  drop_privilege_bits(flare.attr(), call.creds(), req);
  return req;
}

}  // namespace

AcceptStat proc_getattr(NfsCall& call, XDR* args, XDR* results) {
  HandleBytes fh;
  if (!decode_args(args, fh)) return AcceptStat::GarbageArgs;
  Result<Resolved> found = resolve(call, fh);
  if (!found) return reply_error(call, results, found.status());
  return reply_attr(call, results, found->attr());
}

AcceptStat proc_setattr(NfsCall& call, XDR* args, XDR* results) {
  sattrargs a{};
  if (!xdr_sattrargs(args, &a)) return AcceptStat::GarbageArgs;
  Result<Resolved> found = resolve(call, handle_bytes(a.file));
  if (!found) return reply_error(call, results, found.status());
  Status writable = check_writable(call);
  if (!writable.is_ok()) return reply_error(call, results, writable);
  Result<SetAttrRequest> req = setattr_for(call, *found, a.attributes);
  if (!req) return reply_error(call, results, req.status());
  if (req->mask == 0) return reply_attr(call, results, found->attr());
  Result<AttrResponse> done = call.ask(*req);
  if (!done) return reply_error(call, results, done.status());
  return reply_attr(call, results, done->attr);
}

AcceptStat proc_statfs(NfsCall& call, XDR* args, XDR* results) {
  HandleBytes fh;
  if (!decode_args(args, fh)) return AcceptStat::GarbageArgs;
  Result<Resolved> found = resolve(call, fh);
  if (!found) return reply_error(call, results, found.status());
  Result<StatfsResponse> fs = call.ask(StatfsRequest{});
  if (!fs) return reply_error(call, results, fs.status());
  statfsres res{};
  res.status = NFS_OK;
  res.statfsres_u.reply = statfs_of(*fs);
  return encode_reply(results, xdr_statfsres, res);
}

}  // namespace magma::nfs
