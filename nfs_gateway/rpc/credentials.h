// The credentials of a call (RFC 5531 section 14, appendix A): AUTH_NONE, or AUTH_UNIX
// decoded with libtirpc's xdr_authunix_parms; any other flavor is refused.
#pragma once

#include <rpc/rpc.h>

#include <cstdint>
#include <optional>
#include <span>
#include <variant>

#include "nfs_gateway/rpc/rpc_program.h"

namespace magma::nfs::rpc {

// The credentials (nullopt for AUTH_NONE), or why they are refused: AUTH_BADCRED for an
// AUTH_UNIX body that does not decode exactly (cut short, trailing bytes, a machine name
// over 255 bytes, more than 16 groups), AUTH_REJECTEDCRED for a flavor the server does not
// take (as libtirpc's own server answers). body is read, never kept. Pure.
std::variant<std::optional<UnixCredentials>, auth_stat> decode_credentials(uint32_t flavor,
                                                                           std::span<uint8_t> body);

}  // namespace magma::nfs::rpc
