// Flare paths: normalisation and component checks.
#include "libmagma/path.h"

#include <vector>

namespace magma {

Status check_name(std::string_view name) {
  if (name.empty() || name == "." || name == "..")
    return Status(Errc::Invalid, "invalid name '" + std::string(name) + "'");
  if (name.find('/') != std::string_view::npos || name.find('\0') != std::string_view::npos)
    return Status(Errc::Invalid, "name contains '/' or NUL");
  if (name.size() > kMaxNameLength)
    return Status(Errc::NameTooLong, "name of " + std::to_string(name.size()) + " bytes");
  return Status::ok();
}

Result<std::string> normalise_path(std::string_view path) {
  if (path.empty() || path[0] != '/') return Status(Errc::Invalid, "path is not absolute");
  if (path.find('\0') != std::string_view::npos) return Status(Errc::Invalid, "path contains NUL");
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view part = path.substr(i, j - i);
    i = j + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    if (part.size() > kMaxNameLength)
      return Status(Errc::NameTooLong, "path component of " + std::to_string(part.size()) + " bytes");
    parts.push_back(part);
  }
  std::string out;
  for (auto part : parts) {
    out.push_back('/');
    out.append(part);
  }
  if (out.empty()) out = "/";
  if (out.size() > kMaxPathLength)
    return Status(Errc::NameTooLong, "path of " + std::to_string(out.size()) + " bytes");
  return out;
}

std::string parent_path(std::string_view path) {
  size_t slash = path.rfind('/');
  if (slash == 0 || slash == std::string_view::npos) return "/";
  return std::string(path.substr(0, slash));
}

std::string_view base_name(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

Result<std::string> child_path(std::string_view dir, std::string_view name) {
  MAGMA_RETURN_IF_ERROR(check_name(name));
  std::string out(dir);
  if (out != "/") out.push_back('/');
  out.append(name);
  if (out.size() > kMaxPathLength)
    return Status(Errc::NameTooLong, "path of " + std::to_string(out.size()) + " bytes");
  return out;
}

bool is_same_or_below(std::string_view path, std::string_view ancestor) {
  if (ancestor == "/") return true;
  if (path.substr(0, ancestor.size()) != ancestor) return false;
  return path.size() == ancestor.size() || path[ancestor.size()] == '/';
}

}  // namespace magma
