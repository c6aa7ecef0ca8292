// READLINK, READ and WRITE (RFC 1094 sections 2.2.6, 2.2.7 and 2.2.9).
#include <algorithm>
#include <utility>
#include <variant>

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

// The file a READ or WRITE handle names, its share entered, for a procedure that reaches
// the file in one call: the service checks the permission and answers the attributes with
// the data. A directory handle is resolved only to tell a vanished directory (Stale) from a
// present one (IsDir).
Result<FileRef> file_of(NfsCall& call, const nfs_fh& fh) {
  Result<HandleRef> ref = decode_handle(handle_bytes(fh));
  if (!ref) return ref.status();
  const FileRef* file = std::get_if<FileRef>(&*ref);
  if (!file) {
    Result<Resolved> dir = resolve(call, handle_bytes(fh));
    return dir ? Status(Errc::IsDir, dir->path + " is a directory") : dir.status();
  }
  MAGMA_RETURN_IF_ERROR(enter_share_of(call, *file));
  return *file;
}

// A file handle whose flare is gone, or whose id names a directory: a handle no longer
// (or never) ours, Stale as resolve answers it.
Status stale_if_gone(const Status& s) {
  if (s.code() == Errc::NotFound) return Status(Errc::Stale, "the file handle's flare is gone");
  if (s.code() == Errc::IsDir) return Status(Errc::Stale, "a file handle names a directory");
  return s;
}

Result<ReadResponse> read_flare(NfsCall& call, const nfs_fh& fh, uint32_t offset, uint32_t count) {
  Result<FileRef> file = file_of(call, fh);
  if (!file) return file.status();
  Result<ReadResponse> got = call.ask(ReadRequest{file->id, offset, count});
  return got ? got : stale_if_gone(got.status());
}

// stable: NFS v2 promises the data is on disk when the reply leaves.
Result<AttrResponse> write_flare(NfsCall& call, const writeargs& a) {
  Result<FileRef> file = file_of(call, a.file);
  if (!file) return file.status();
  MAGMA_RETURN_IF_ERROR(check_writable(call));
  const nfsdata& data = a.data;
  if (uint64_t{a.offset} + data.nfsdata_len > kMaxFileSize) return Status(Errc::TooBig, "write past NFS v2's 2 GiB");
  const uint8_t* bytes = reinterpret_cast<const uint8_t*>(data.nfsdata_val);
  Result<AttrResponse> done =
      call.ask(WriteRequest{file->id, a.offset, Bytes(bytes, bytes + data.nfsdata_len), /*stable=*/true});
  return done ? done : stale_if_gone(done.status());
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

AcceptStat proc_read(NfsCall& call, XDR* args, XDR* results) {
  readargs a{};
  if (!xdr_readargs(args, &a)) return AcceptStat::GarbageArgs;
  Result<ReadResponse> got = read_flare(call, a.file, a.offset, std::min<uint32_t>(a.count, NFS_MAXDATA));
  if (!got) return reply_error(call, results, got.status());
  readres res{};
  res.status = NFS_OK;
  res.readres_u.reply.attributes = fattr_of(got->attr, call.fsid);
  res.readres_u.reply.data.nfsdata_len = static_cast<u_int>(got->data.size());
  res.readres_u.reply.data.nfsdata_val = reinterpret_cast<char*>(got->data.data());
  return encode_reply(results, xdr_readres, res);
}

AcceptStat proc_write(NfsCall& call, XDR* args, XDR* results) {
  rpc::XdrValue<writeargs, xdr_writeargs> a;
  if (!a.decode(args)) return AcceptStat::GarbageArgs;
  Result<AttrResponse> done = write_flare(call, *a);
  if (!done) return reply_error(call, results, done.status());
  return reply_attr(call, results, done->attr);
}

}  // namespace magma::nfs
