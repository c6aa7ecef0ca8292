// Decision: the ACL's answer for one client address and one lava path — the access
// granted, the share and the rule that decided — and the one check every door makes with
// it (check_access), so that every door refuses alike. Plain values, thread-safe.
#pragma once

#include <string>

#include "acl/access.h"
#include "acl/share.h"
#include "libmagma/errc.h"

namespace magma::acl {

// The pointers point into the Acl that decided: valid as long as that Acl lives.
struct Decision {
  Access access = Access::None;  // what the client may do; a read-only share caps w at r
  const Share* share = nullptr;  // the share whose rules decided; nullptr: no share contains the path
  const Rule* rule = nullptr;    // the deciding rule; nullptr: no rule of share matched
};

// Why decision came out so, in words: "rule home.share:7 (w /john 10.0.0.5)",
// "no rule of share 'home' matches", "no share contains the path", plus ", read-only
// share" when the share capped the rule's w.
std::string decision_reason(const Decision& decision);

// Ok when decision allows wanted (Write allows Read; None is always allowed). Otherwise
// ReadOnly when the client may read but wants to write (the door answers EROFS), else
// Access (EACCES); the message is decision_reason's.
Status check_access(const Decision& decision, Access wanted);

}  // namespace magma::acl
