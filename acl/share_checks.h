// What makes a set of parsed shares consistent, checked before an Acl is built from them:
// unique names, unique roots, and rules that do not contradict each other. Pure.
#pragma once

#include <vector>

#include "acl/share.h"
#include "libmagma/errc.h"

namespace magma::acl {

// Ok, or Invalid for the first problem, located at the later of the two lines involved
// (shares in load order): "FILE:LINE: share name 'x' is already used by FILE",
// "FILE:LINE: share 'b' has the same path /p as share 'a' (FILE)", or, for two rules of one
// share with the same subpath and network but different letters,
// "FILE:LINE: 'TEXT' contradicts line N ('TEXT') for PREFIX on SUBPATH".
Status check_shares(const std::vector<Share>& shares);

}  // namespace magma::acl
