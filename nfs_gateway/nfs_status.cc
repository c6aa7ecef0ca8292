// Errc → nfsstat, and which errors deserve a warning.
#include "nfs_gateway/nfs_status.h"

#include "libmagma/logging.h"

namespace magma::nfs {

nfsstat nfs_status_of(Errc e) {
  switch (e) {
    case Errc::Ok: return NFS_OK;
    case Errc::Perm: return NFSERR_PERM;
    case Errc::NotFound: return NFSERR_NOENT;
    case Errc::Access: return NFSERR_ACCES;
    case Errc::Exists: return NFSERR_EXIST;
    case Errc::NotDir: return NFSERR_NOTDIR;
    case Errc::IsDir: return NFSERR_ISDIR;
    case Errc::TooBig: return NFSERR_FBIG;
    case Errc::NoSpace: return NFSERR_NOSPC;
    case Errc::ReadOnly: return NFSERR_ROFS;
    case Errc::NameTooLong: return NFSERR_NAMETOOLONG;
    case Errc::NotEmpty: return NFSERR_NOTEMPTY;
    case Errc::Stale: return NFSERR_STALE;
    case Errc::Io:
    case Errc::Protocol:
    case Errc::Timeout:
    case Errc::Invalid:
    case Errc::NoData:
    case Errc::Range:
    case Errc::NotSupported:
    case Errc::Busy:
    case Errc::Loop:
    case Errc::Disconnected:
    case Errc::Moved:
      return NFSERR_IO;
  }
  return NFSERR_IO;
}

namespace {

// Errors that are an answer about the request (the client asked for something the file
// system refuses), not a failure of the server: Invalid (READLINK of a file, a directory
// moved into itself), Range (a READDIR count too small for one entry), Busy (removing /).
bool is_ordinary(Errc e) {
  return nfs_status_of(e) != NFSERR_IO || e == Errc::Invalid || e == Errc::Range || e == Errc::Busy;
}

}  // namespace

nfsstat nfs_status_of(const Status& s, const char* procedure) {
  if (is_ordinary(s.code())) MAGMA_DEBUG('f') << "NFS " << procedure << ": " << s.to_string();
  else MAGMA_LOG(warning) << "NFS " << procedure << " failed: " << s.to_string();
  return nfs_status_of(s.code());
}

}  // namespace magma::nfs
