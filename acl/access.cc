// Access letters and names.
#include "acl/access.h"

#include <string>

namespace magma::acl {

char access_letter(Access a) {
  switch (a) {
    case Access::None: return 'n';
    case Access::Read: return 'r';
    case Access::Write: return 'w';
  }
  return 'n';
}

const char* access_name(Access a) {
  switch (a) {
    case Access::None: return "none";
    case Access::Read: return "read-only";
    case Access::Write: return "read-write";
  }
  return "none";
}

Result<Access> parse_access(std::string_view text) {
  if (text == "n") return Access::None;
  if (text == "r") return Access::Read;
  if (text == "w") return Access::Write;
  return Status(Errc::Invalid, "bad access letter '" + std::string(text) + "' (r, w or n)");
}

}  // namespace magma::acl
