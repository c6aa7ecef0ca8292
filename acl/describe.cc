// `print acl` and the export groups.
#include "acl/describe.h"

#include <algorithm>

namespace magma::acl {

namespace {

std::string share_line(const Share& s) {
  std::string line = "share " + s.name + ": path " + s.path + ", " + (s.read_only ? "read-only" : "read-write") +
                     ", " + (s.root_squash ? "root-squash" : "no-root-squash") + ", anon " +
                     std::to_string(s.anon_uid) + ":" + std::to_string(s.anon_gid);
  if (s.file.empty()) return line + ", built-in";
  return line + ", file " + s.file + (s.legacy ? " (2015 INI form)" : "");
}

}  // namespace

std::string rule_summary(const Rule& rule) {
  std::string prefix = rule.prefix.to_string();
  if (rule.address == prefix || (rule.address == "all" && prefix == "*")) return rule.text;
  return rule.text + " (" + rule.address + " = " + prefix + ")";
}

std::vector<std::string> describe(const Acl& acl) {
  std::vector<std::string> lines;
  lines.push_back(acl.is_builtin_default() ? acl.source() : "shares from " + acl.source());
  for (const Share& share : acl.shares()) {
    lines.push_back(share_line(share));
    if (share.rules.empty()) lines.push_back("  no rules: no client has access");
    for (const Rule& rule : share.rules)
      lines.push_back("  " + (rule.line > 0 ? "line " + std::to_string(rule.line) : rule.where()) + ": " +
                      rule_summary(rule));
  }
  return lines;
}

std::vector<std::string> allowed_groups(const Share& share) {
  std::vector<std::string> groups;
  for (const Rule& rule : share.rules) {
    if (rule.access == Access::None) continue;
    std::string group = rule.prefix.to_string();
    if (group == "*") return {group};
    if (std::find(groups.begin(), groups.end(), group) == groups.end()) groups.push_back(group);
  }
  return groups;
}

}  // namespace magma::acl
