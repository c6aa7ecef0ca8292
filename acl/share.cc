// Where a rule came from.
#include "acl/share.h"

#include <algorithm>
#include <cctype>

#include "acl/share_text.h"

namespace magma::acl {

std::string Rule::where() const { return file.empty() ? "built-in" : source_location(file, line); }

std::string_view share_subpath(const Share& share, std::string_view lava_path) {
  if (share.path == "/") return lava_path;
  if (lava_path.size() == share.path.size()) return "/";
  return lava_path.substr(share.path.size());
}

bool is_share_name(std::string_view name) {
  if (name.empty() || name.size() > 64 || name[0] == '.' || name[0] == '-') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
}

}  // namespace magma::acl
