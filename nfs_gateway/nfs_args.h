// Decoding the NFS procedures' arguments. Generated XDR routines decode what they serve
// (sattrargs, readargs, writeargs, readdirargs); arguments that carry a file name are
// decoded here from the same wire form but with names of up to NFS_MAXPATHLEN bytes,
// where the .x bounds them at NFS_MAXNAMLEN: a name that is too long is then answered
// NFSERR_NAMETOOLONG, as a local file system would, instead of GARBAGE_ARGS. Names keep
// their exact bytes (embedded NULs included), for the gateway to refuse.
//
// Every decoder returns false for arguments that do not decode (truncated, over a bound);
// the call is then answered GARBAGE_ARGS.
#pragma once

#include <rpc/rpc.h>

#include <string>

#include "nfs_gateway/file_handle.h"
#include "rpcgen/nfs_prot.h"

namespace magma::nfs {

struct DirOpArgs {
  HandleBytes dir{};
  std::string name;
};
struct CreateArgs {  // CREATE and MKDIR
  DirOpArgs where;
  sattr attributes{};
};
struct RenameArgs {
  DirOpArgs from;
  DirOpArgs to;
};
struct LinkArgs {
  HandleBytes from{};
  DirOpArgs to;
};
struct SymlinkArgs {
  DirOpArgs from;
  std::string to;  // the target, at most NFS_MAXPATHLEN bytes
  sattr attributes{};
};

bool decode_args(XDR* xdrs, HandleBytes& fh);
bool decode_args(XDR* xdrs, DirOpArgs& args);
bool decode_args(XDR* xdrs, CreateArgs& args);
bool decode_args(XDR* xdrs, RenameArgs& args);
bool decode_args(XDR* xdrs, LinkArgs& args);
bool decode_args(XDR* xdrs, SymlinkArgs& args);

// The handle bytes of a generated structure's nfs_fh.
HandleBytes handle_bytes(const nfs_fh& fh);

}  // namespace magma::nfs
