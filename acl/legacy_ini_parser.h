// Parses the 2015 ACL file, accepted as-is: `[/path]` groups of `ADDRESS=r|w|n` lines.
// Such a file becomes one share covering the whole lava ("/") with the default options;
// each group is a subpath of it and each key a rule. Resolving host names blocks; the rest
// is pure.
#pragma once

#include <string>
#include <string_view>

#include "acl/rule_address.h"
#include "acl/share.h"
#include "libmagma/errc.h"

namespace magma::acl {

// True when the first line that says something starts with '[' (the 2015 form).
bool is_legacy_ini(std::string_view text);

// The share text describes, named name (the loader passes the file name without its
// extension). A group given twice adds to the first, as the 2015 parser did. Fails with
// Invalid "FILE:LINE: reason" for the first bad line.
// REQUIRES: is_share_name(name).
Result<Share> parse_legacy_ini(std::string_view text, const std::string& file, const std::string& name,
                               const Resolver& resolve);

}  // namespace magma::acl
