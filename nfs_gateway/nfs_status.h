// The one mapping from Errc to the nfsstat an NFS v2 reply carries (RFC 1094 section
// 2.3.1). Pure, thread-safe.
#pragma once

#include "libmagma/errc.h"
#include "rpcgen/nfs_prot.h"

namespace magma::nfs {

// The nfsstat of e. Codes NFS v2 has no word for become NFSERR_IO.
nfsstat nfs_status_of(Errc e);

// The nfsstat of a failed call, logged: at debug (channel f) when the error is the
// client's or the file system's ordinary answer (NotFound, Access, ...), at warning when
// it is a fault of the server or the lava that NFSERR_IO hides from the client.
// REQUIRES: !s.is_ok().
nfsstat nfs_status_of(const Status& s, const char* procedure);

}  // namespace magma::nfs
