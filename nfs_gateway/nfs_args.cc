// Argument decoders for the procedures that carry names.
#include "nfs_gateway/nfs_args.h"

#include <algorithm>

namespace magma::nfs {

namespace {

// A name or path as XDR string bytes (a length, the bytes, padding), at most
// NFS_MAXPATHLEN of them, decoded into a buffer here so nothing is allocated by XDR.
bool decode_text(XDR* xdrs, std::string& out) {
  char buffer[NFS_MAXPATHLEN];
  char* at = buffer;
  u_int length = 0;
  if (!xdr_bytes(xdrs, &at, &length, NFS_MAXPATHLEN)) return false;
  out.assign(buffer, length);
  return true;
}

}  // namespace

HandleBytes handle_bytes(const nfs_fh& fh) {
  HandleBytes h;
  std::copy(fh, fh + kHandleSize, h.begin());
  return h;
}

bool decode_args(XDR* xdrs, HandleBytes& fh) {
  return xdr_opaque(xdrs, reinterpret_cast<char*>(fh.data()), kHandleSize);
}

bool decode_args(XDR* xdrs, DirOpArgs& args) { return decode_args(xdrs, args.dir) && decode_text(xdrs, args.name); }

bool decode_args(XDR* xdrs, CreateArgs& args) {
  return decode_args(xdrs, args.where) && xdr_sattr(xdrs, &args.attributes);
}

bool decode_args(XDR* xdrs, RenameArgs& args) { return decode_args(xdrs, args.from) && decode_args(xdrs, args.to); }

bool decode_args(XDR* xdrs, LinkArgs& args) { return decode_args(xdrs, args.from) && decode_args(xdrs, args.to); }

bool decode_args(XDR* xdrs, SymlinkArgs& args) {
  return decode_args(xdrs, args.from) && decode_text(xdrs, args.to) && xdr_sattr(xdrs, &args.attributes);
}

}  // namespace magma::nfs
