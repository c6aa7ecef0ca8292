// Config file parsing: `key = value` lines with file:line errors.
#include "libmagma/config_file.h"

#include <cerrno>
#include <fstream>
#include <sstream>

namespace magma {

static std::string_view trim(std::string_view s) {
  const char* ws = " \t\r";
  size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

Result<std::vector<ConfigEntry>> parse_config(std::string_view text, const std::string& origin) {
  std::vector<ConfigEntry> entries;
  int line_no = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    auto where = origin + ":" + std::to_string(line_no) + ": ";
    size_t eq = line.find('=');
    if (eq == std::string_view::npos)
      return Status(Errc::Invalid, where + "expected 'key = value', got '" + std::string(line) + "'");
    std::string_view key = trim(line.substr(0, eq));
    if (key.empty()) return Status(Errc::Invalid, where + "missing key before '='");
    entries.push_back({std::string(key), std::string(trim(line.substr(eq + 1))), line_no});
  }
  return entries;
}

Result<std::vector<ConfigEntry>> read_config_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    if (errno == ENOENT) return Status(Errc::NotFound, path + ": no such file");
    return Status::from_errno(path);
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status(Errc::Io, path + ": read error");
  return parse_config(text.str(), path);
}

}  // namespace magma
