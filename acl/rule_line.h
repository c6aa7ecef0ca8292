// One rule line of a share file, in either format, turned into Rules: the access letter,
// the subpath and the addresses, checked and resolved. Shared by share_parser and
// legacy_ini_parser so both formats accept exactly the same rules. Resolving a host name
// blocks; the rest is pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "acl/rule_address.h"
#include "acl/share.h"
#include "libmagma/errc.h"

namespace magma::acl {

// An absolute path in a share file, normalised. what names it in errors ("subpath",
// "share path"). Fails with Invalid: "<what> 'x' is not absolute", "'..' in <what> 'x'",
// "bad <what> 'x': <normalise_path's reason>".
Result<std::string> parse_share_path(std::string_view text, const std::string& what);

// Where a rule line is: its file, its line number and its text (Rule::text).
struct RuleSource {
  std::string file;
  int line = 0;
  std::string text;
};

// Appends to rules one Rule per network of each of addresses, all with letter's access on
// subpath. Fails with Invalid, "FILE:LINE: reason" (bad letter, subpath or address, or a
// name that does not resolve); rules is then unchanged.
Status add_rules(std::string_view letter, std::string_view subpath,
                 const std::vector<std::string_view>& addresses, const RuleSource& source,
                 const Resolver& resolve, std::vector<Rule>& rules);

}  // namespace magma::acl
