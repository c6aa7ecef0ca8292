// Parses a share file in Magma's own format (documented in magma-acl(5)): `key = value`
// settings (name, path, read-only, root-squash, anon-uid, anon-gid) and rule lines
// `[allow] r|w|n SUBPATH ADDRESS...`. Resolving host names blocks; the rest is pure.
#pragma once

#include <string>
#include <string_view>

#include "acl/rule_address.h"
#include "acl/share.h"
#include "libmagma/errc.h"

namespace magma::acl {

// The share text describes; file names it in errors and in each Rule. Fails with Invalid:
// "FILE:LINE: reason" for the first bad line, "FILE: missing 'name'" or "FILE: missing 'path'".
Result<Share> parse_share(std::string_view text, const std::string& file, const Resolver& resolve);

}  // namespace magma::acl
