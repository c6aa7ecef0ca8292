// Decisions in words, and as the Status a door returns.
#include "acl/decision.h"

namespace magma::acl {

std::string decision_reason(const Decision& d) {
  if (!d.share) return "no share contains the path";
  if (!d.rule) return "no rule of share '" + d.share->name + "' matches";
  std::string reason = "rule " + d.rule->where() + " (" + d.rule->text + ")";
  if (d.access != d.rule->access) reason += ", read-only share";
  return reason;
}

Status check_access(const Decision& d, Access wanted) {
  if (allows(d.access, wanted)) return Status::ok();
  Errc code = d.access == Access::Read ? Errc::ReadOnly : Errc::Access;
  return Status(code, decision_reason(d));
}

}  // namespace magma::acl
