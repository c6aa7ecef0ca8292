// Rule lines: letter, subpath and addresses into Rules.
#include "acl/rule_line.h"

#include "acl/share_text.h"
#include "libmagma/path.h"

namespace magma::acl {

Result<std::string> parse_share_path(std::string_view text, const std::string& what) {
  std::string quoted = "'" + std::string(text) + "'";
  if (text.empty() || text[0] != '/') return Status(Errc::Invalid, what + " " + quoted + " is not absolute");
  // normalise_path would resolve ".." lexically; in an access rule that is surely a mistake.
  for (size_t i = 0; i != std::string_view::npos; i = text.find('/', i + 1)) {
    std::string_view component = text.substr(i + 1, text.find('/', i + 1) - i - 1);
    if (component == "..") return Status(Errc::Invalid, "'..' in " + what + " " + quoted);
  }
  auto path = normalise_path(text);
  if (!path) return Status(Errc::Invalid, "bad " + what + " " + quoted + ": " + path.status().message());
  return path;
}

Status add_rules(std::string_view letter, std::string_view subpath,
                 const std::vector<std::string_view>& addresses, const RuleSource& source,
                 const Resolver& resolve, std::vector<Rule>& rules) {
  auto fail = [&](const Status& s) { return line_error(source.file, source.line, s.message()); };
  auto access = parse_access(letter);
  if (!access) return fail(access.status());
  auto path = parse_share_path(subpath, "subpath");
  if (!path) return fail(path.status());
  std::vector<Rule> added;
  for (std::string_view address : addresses) {
    auto prefixes = parse_rule_address(address, resolve);
    if (!prefixes) return fail(prefixes.status());
    for (const IpPrefix& prefix : *prefixes)
      added.push_back({*access, *path, prefix, std::string(address), source.file, source.line, source.text});
  }
  rules.insert(rules.end(), added.begin(), added.end());
  return Status::ok();
}

}  // namespace magma::acl
