// READLINK, READ and WRITE (RFC 1094 sections 2.2.6, 2.2.7 and 2.2.9).
#include <algorithm>
#include <utility>
#include <variant>

#include "libmagma/permission.h"
#include "nfs_gateway/file_handle.h"
#include "nfs_gateway/nfs_args.h"
#include "nfs_gateway/nfs_attr.h"
#include "nfs_gateway/nfs_procs.h"
#include "nfs_gateway/nfs_reply.h"
#include "nfs_gateway/nfs_resolve.h"
#include "nfs_gateway/rpc/xdr_value.h"

namespace magma::nfs {

using rpc::AcceptStat;

namespace {

// READ and WRITE move a regular file's data: a directory is IsDir, anything else Invalid.
Status check_regular(const Resolved& flare) {
  if (flare.attr().type == FlareType::Regular) return Status::ok();
  if (flare.is_dir()) return Status(Errc::IsDir, flare.path + " is a directory");
  return Status(Errc::Invalid, "not a regular file");
}

// Reading needs read permission (the owner's whatever the mode, see permission.h), or
// execute permission: a client runs a program by reading it, and a 0711 binary must run.
Status check_may_read(const NfsCall& call, const Resolved& flare) {
  MAGMA_RETURN_IF_ERROR(check_regular(flare));
  Status read = check_access(flare.attr(), call.creds(), kMayRead, OwnerOverride::Yes);
  if (read.is_ok() || check_access(flare.attr(), call.creds(), kMayExecute).is_ok()) return Status::ok();
  return read;
}

Status check_may_write(const NfsCall& call, const Resolved& flare, uint64_t offset, uint64_t length) {
  MAGMA_RETURN_IF_ERROR(check_writable(call));
  MAGMA_RETURN_IF_ERROR(check_regular(flare));
  if (offset + length > kMaxFileSize) return Status(Errc::TooBig, "write past NFS v2's 2 GiB");
  return check_access(flare.attr(), call.creds(), kMayWrite, OwnerOverride::Yes);
}

}  // namespace

AcceptStat proc_readlink(NfsCall& call, XDR* args, XDR* results) {
  HandleBytes fh;
  if (!decode_args(args, fh)) return AcceptStat::GarbageArgs;
  Result<Resolved> found = resolve(call, fh);
  if (!found) return reply_error(call, results, found.status());
  if (found->attr().type != FlareType::Symlink) return reply_error(call, results, Status(Errc::Invalid, "not a symlink"));
  Result<ReadlinkResponse> link = call.ask(ReadlinkRequest{found->entry.id});
  if (!link) return reply_error(call, results, link.status());
  // A target made through another door may exceed what nfspath can carry.
  if (link->target.size() > NFS_MAXPATHLEN)
    return reply_error(call, results, Status(Errc::NameTooLong, "symlink target longer than NFS v2 carries"));
  readlinkres res{};
  res.status = NFS_OK;
  res.readlinkres_u.data = link->target.data();
  return encode_reply(results, xdr_readlinkres, res);
}

// READ of a file handle costs one call, as through the native protocol: the service answers
// the attributes with the data, and the permission is checked on them before any byte
// leaves (a refused read only cost the disk a read). A directory handle is resolved only
// to tell a vanished directory (Stale) from a present one (IsDir).
Result<std::pair<Resolved, ReadResponse>> read_flare(NfsCall& call, const nfs_fh& fh, uint32_t offset,
                                                     uint32_t count) {
  Result<HandleRef> ref = decode_handle(handle_bytes(fh));
  if (!ref) return ref.status();
  const FileRef* file = std::get_if<FileRef>(&*ref);
  if (!file) {
    Result<Resolved> dir = resolve(call, handle_bytes(fh));
    return dir ? Status(Errc::IsDir, dir->path + " is a directory") : dir.status();
  }
  MAGMA_RETURN_IF_ERROR(enter_share_of(call, *file));
  Result<ReadResponse> got = call.ask(ReadRequest{file->id, offset, count});
  if (!got) return got.code() == Errc::IsDir ? Status(Errc::Stale, "a file handle names a directory") : got.status();
  Resolved flare{FlareEntry{file->id, got->attr}, std::string()};
  MAGMA_RETURN_IF_ERROR(check_may_read(call, flare));
  return std::make_pair(std::move(flare), std::move(*got));
}

AcceptStat proc_read(NfsCall& call, XDR* args, XDR* results) {
  readargs a{};
  if (!xdr_readargs(args, &a)) return AcceptStat::GarbageArgs;
  auto read = read_flare(call, a.file, a.offset, std::min<uint32_t>(a.count, NFS_MAXDATA));
  if (!read) return reply_error(call, results, read.status());
  auto& [flare, got] = *read;
  readres res{};
  res.status = NFS_OK;
  res.readres_u.reply.attributes = fattr_of(flare.attr(), call.fsid);
  res.readres_u.reply.data.nfsdata_len = static_cast<u_int>(got.data.size());
  res.readres_u.reply.data.nfsdata_val = reinterpret_cast<char*>(got.data.data());
  return encode_reply(results, xdr_readres, res);
}

AcceptStat proc_write(NfsCall& call, XDR* args, XDR* results) {
  rpc::XdrValue<writeargs, xdr_writeargs> a;
  if (!a.decode(args)) return AcceptStat::GarbageArgs;
  Result<Resolved> found = resolve(call, handle_bytes(a->file));
  if (!found) return reply_error(call, results, found.status());
  const nfsdata& data = a->data;
  Status may = check_may_write(call, *found, a->offset, data.nfsdata_len);
  if (!may.is_ok()) return reply_error(call, results, may);
  const uint8_t* bytes = reinterpret_cast<const uint8_t*>(data.nfsdata_val);
  // stable: NFS v2 promises the data is on disk when the reply leaves.
  WriteRequest req{found->entry.id, a->offset, Bytes(bytes, bytes + data.nfsdata_len), /*stable=*/true};
  Result<AttrResponse> done = call.ask(req);
  if (!done) return reply_error(call, results, done.status());
  return reply_attr(call, results, done->attr);
}

}  // namespace magma::nfs
