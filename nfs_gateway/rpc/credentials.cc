// AUTH_NONE and AUTH_UNIX credential decoding.
#include "nfs_gateway/rpc/credentials.h"

#include "nfs_gateway/rpc/xdr_mem.h"
#include "nfs_gateway/rpc/xdr_value.h"

namespace magma::nfs::rpc {

namespace {

std::variant<std::optional<UnixCredentials>, auth_stat> decode_unix(std::span<uint8_t> body) {
  XdrValue<authunix_parms, xdr_authunix_parms> parms;
  XdrMem xdr(body, XDR_DECODE);
  if (!parms.decode(xdr.get()) || xdr.position() != body.size()) return AUTH_BADCRED;
  const authunix_parms& p = *parms;
  UnixCredentials creds;
  creds.uid = p.aup_uid;
  creds.gid = p.aup_gid;
  creds.gids.assign(p.aup_gids, p.aup_gids + p.aup_len);
  creds.machine = p.aup_machname;
  return std::optional<UnixCredentials>(std::move(creds));
}

}  // namespace

std::variant<std::optional<UnixCredentials>, auth_stat> decode_credentials(uint32_t flavor,
                                                                           std::span<uint8_t> body) {
  switch (flavor) {
    case AUTH_NONE: return std::optional<UnixCredentials>();
    case AUTH_UNIX: return decode_unix(body);
    default: return AUTH_REJECTEDCRED;
  }
}

}  // namespace magma::nfs::rpc
