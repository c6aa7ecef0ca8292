// The 2015 INI form: groups are subpaths, keys are addresses, values are letters.
#include "acl/legacy_ini_parser.h"

#include "acl/rule_line.h"
#include "acl/share_text.h"

namespace magma::acl {

bool is_legacy_ini(std::string_view text) {
  auto lines = significant_lines(text);
  return !lines.empty() && lines.front().text.front() == '[';
}

namespace {

// The subpath a "[/path]" line opens. Fails with Invalid, "FILE:LINE: reason".
Result<std::string> group_path(const SourceLine& line, const std::string& file) {
  if (line.text.back() != ']') return line_error(file, line.number, "expected '[/path]', got '" + std::string(line.text) + "'");
  auto path = parse_share_path(trim_blanks(line.text.substr(1, line.text.size() - 2)), "group path");
  if (!path) return line_error(file, line.number, path.status().message());
  return path;
}

}  // namespace

Result<Share> parse_legacy_ini(std::string_view text, const std::string& file, const std::string& name,
                               const Resolver& resolve) {
  Share share;
  share.name = name;
  share.file = file;
  share.legacy = true;
  std::string group;  // the open group's subpath; empty before the first group
  for (const SourceLine& line : significant_lines(text)) {
    if (line.text.front() == '[') {
      auto path = group_path(line, file);
      MAGMA_RETURN_IF_ERROR(path);
      group = *path;
      continue;
    }
    size_t eq = line.text.find('=');
    if (eq == std::string_view::npos)
      return line_error(file, line.number, "expected 'ADDRESS=r|w|n' or '[/path]', got '" + std::string(line.text) + "'");
    if (group.empty())
      return line_error(file, line.number, "'" + std::string(line.text) + "' is outside any [/path] group");
    std::string_view address = trim_blanks(line.text.substr(0, eq));
    if (address.empty()) return line_error(file, line.number, "missing address before '='");
    // The group goes into the rule's text: the key alone would not say which subpath it guards.
    std::string rule_text = "[" + group + "] " + std::string(line.text);
    MAGMA_RETURN_IF_ERROR(add_rules(trim_blanks(line.text.substr(eq + 1)), group, {address},
                                    {file, line.number, rule_text}, resolve, share.rules));
  }
  return share;
}

}  // namespace magma::acl
