// Error values: names and the errno mapping, in one place.
#include "libmagma/errc.h"

#include <cerrno>
#include <cstring>

namespace magma {

const char* errc_name(Errc e) {
  switch (e) {
    case Errc::Ok: return "Ok";
    case Errc::NotFound: return "NotFound";
    case Errc::Exists: return "Exists";
    case Errc::NotDir: return "NotDir";
    case Errc::IsDir: return "IsDir";
    case Errc::NotEmpty: return "NotEmpty";
    case Errc::Access: return "Access";
    case Errc::ReadOnly: return "ReadOnly";
    case Errc::NoSpace: return "NoSpace";
    case Errc::NameTooLong: return "NameTooLong";
    case Errc::Stale: return "Stale";
    case Errc::Io: return "Io";
    case Errc::Protocol: return "Protocol";
    case Errc::Timeout: return "Timeout";
    case Errc::Invalid: return "Invalid";
    case Errc::Perm: return "Perm";
    case Errc::NoData: return "NoData";
    case Errc::Range: return "Range";
    case Errc::TooBig: return "TooBig";
    case Errc::NotSupported: return "NotSupported";
    case Errc::Busy: return "Busy";
    case Errc::Loop: return "Loop";
    case Errc::Disconnected: return "Disconnected";
    case Errc::Moved: return "Moved";
  }
  return "Unknown";
}

Errc from_errno(int err) {
  switch (err) {
    case 0: return Errc::Ok;
    case ENOENT: return Errc::NotFound;
    case EEXIST: return Errc::Exists;
    case ENOTDIR: return Errc::NotDir;
    case EISDIR: return Errc::IsDir;
    case ENOTEMPTY: return Errc::NotEmpty;
    case EACCES: return Errc::Access;
    case EROFS: return Errc::ReadOnly;
    case ENOSPC: case EDQUOT: return Errc::NoSpace;
    case ENAMETOOLONG: return Errc::NameTooLong;
    case ESTALE: return Errc::Stale;
    case EPROTO: return Errc::Protocol;
    case ETIMEDOUT: return Errc::Timeout;
    case EINVAL: return Errc::Invalid;
    case EPERM: return Errc::Perm;
    case ENODATA: return Errc::NoData;
    case ERANGE: return Errc::Range;
    case EFBIG: return Errc::TooBig;
    case ENOTSUP: return Errc::NotSupported;
    case EBUSY: return Errc::Busy;
    case EREMCHG: return Errc::Moved;
    case ELOOP: return Errc::Loop;
    case ENOTCONN: case ECONNRESET: case EPIPE: return Errc::Disconnected;
    default: return Errc::Io;
  }
}

int to_errno(Errc e) {
  switch (e) {
    case Errc::Ok: return 0;
    case Errc::NotFound: return ENOENT;
    case Errc::Exists: return EEXIST;
    case Errc::NotDir: return ENOTDIR;
    case Errc::IsDir: return EISDIR;
    case Errc::NotEmpty: return ENOTEMPTY;
    case Errc::Access: return EACCES;
    case Errc::ReadOnly: return EROFS;
    case Errc::NoSpace: return ENOSPC;
    case Errc::NameTooLong: return ENAMETOOLONG;
    case Errc::Stale: return ESTALE;
    case Errc::Io: return EIO;
    case Errc::Protocol: return EPROTO;
    case Errc::Timeout: return ETIMEDOUT;
    case Errc::Invalid: return EINVAL;
    case Errc::Perm: return EPERM;
    case Errc::NoData: return ENODATA;
    case Errc::Range: return ERANGE;
    case Errc::TooBig: return EFBIG;
    case Errc::NotSupported: return ENOTSUP;
    case Errc::Busy: return EBUSY;
    case Errc::Loop: return ELOOP;
    case Errc::Disconnected: return ENOTCONN;
    case Errc::Moved: return EREMCHG;  // "remote address changed": only when retries ran out
  }
  return EIO;
}

Errc errc_from_wire(uint16_t v) {
  if (v > static_cast<uint16_t>(Errc::Moved)) return Errc::Protocol;
  return static_cast<Errc>(v);
}

Status Status::from_errno(const std::string& what) {
  int err = errno;
  return Status(magma::from_errno(err), what + ": " + std::strerror(err));
}

std::string Status::to_string() const {
  if (is_ok()) return "Ok";
  return std::string(errc_name(code_)) + ": " + message_;
}

}  // namespace magma
