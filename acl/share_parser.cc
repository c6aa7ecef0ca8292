// Share files in the native format: settings and rule lines.
#include "acl/share_parser.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>
#include <map>

#include "acl/rule_line.h"
#include "acl/share_text.h"

namespace magma::acl {

namespace {

Status bad(std::string reason) { return Status(Errc::Invalid, std::move(reason)); }

Result<bool> parse_yes_no(std::string_view key, std::string_view value) {
  if (value == "yes") return true;
  if (value == "no") return false;
  return bad(std::string(key) + " must be yes or no, not '" + std::string(value) + "'");
}

Result<uint32_t> parse_id(std::string_view key, std::string_view value) {
  uint32_t id = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), id);
  if (ec != std::errc() || end != value.data() + value.size())
    return bad(std::string(key) + " must be a number from 0 to " +
               std::to_string(std::numeric_limits<uint32_t>::max()) + ", not '" + std::string(value) + "'");
  return id;
}

// Sets key on share; the reason on failure has no location.
Status apply_setting(Share& share, std::string_view key, std::string_view value) {
  if (key == "name") {
    if (!is_share_name(value))
      return bad("bad share name '" + std::string(value) + "' (letters, digits, '.', '_' and '-')");
    share.name = value;
  } else if (key == "path") {
    auto path = parse_share_path(value, "share path");
    MAGMA_RETURN_IF_ERROR(path);
    share.path = *path;
  } else if (key == "read-only" || key == "root-squash") {
    auto yes = parse_yes_no(key, value);
    MAGMA_RETURN_IF_ERROR(yes);
    (key == "read-only" ? share.read_only : share.root_squash) = *yes;
  } else if (key == "anon-uid" || key == "anon-gid") {
    auto id = parse_id(key, value);
    MAGMA_RETURN_IF_ERROR(id);
    (key == "anon-uid" ? share.anon_uid : share.anon_gid) = *id;
  } else {
    return bad("unknown setting '" + std::string(key) + "'");
  }
  return Status::ok();
}

class Parser {
 public:
  Parser(const std::string& file, const Resolver& resolve) : file_(file), resolve_(resolve) {
    share_.file = file;
  }

  Status line(const SourceLine& line) {
    auto words = split_words(line.text);
    if (words[0] == "allow" || (words[0].size() == 1 && std::isalpha(static_cast<unsigned char>(words[0][0]))))
      return rule(line, words);
    size_t eq = line.text.find('=');
    if (eq == std::string_view::npos)
      return line_error(file_, line.number, "expected 'key = value' or a rule 'r|w|n SUBPATH ADDRESS...', got '" +
                                                std::string(line.text) + "'");
    return setting(line.number, trim_blanks(line.text.substr(0, eq)), trim_blanks(line.text.substr(eq + 1)));
  }

  Result<Share> finish() {
    if (share_.name_line == 0) return line_error(file_, 0, "missing 'name'");
    if (share_.path_line == 0) return line_error(file_, 0, "missing 'path'");
    return std::move(share_);
  }

 private:
  Status rule(const SourceLine& line, std::vector<std::string_view> words) {
    // The words joined by single blanks: explanations should not carry the file's alignment.
    RuleSource source{file_, line.number, std::string(words[0])};
    for (size_t i = 1; i < words.size(); ++i) source.text += " " + std::string(words[i]);
    if (words[0] == "allow") words.erase(words.begin());
    if (words.size() < 3)
      return line_error(file_, line.number, "a rule needs an access letter, a subpath and at least one address");
    std::vector<std::string_view> addresses(words.begin() + 2, words.end());
    return add_rules(words[0], words[1], addresses, source, resolve_, share_.rules);
  }

  Status setting(int number, std::string_view raw_key, std::string_view value) {
    std::string key(raw_key);
    std::replace(key.begin(), key.end(), '_', '-');
    if (key.empty()) return line_error(file_, number, "missing key before '='");
    if (value.empty()) return line_error(file_, number, "missing value for '" + key + "'");
    auto [first, fresh] = seen_.emplace(key, number);
    if (!fresh) return line_error(file_, number, "'" + key + "' given twice (first at line " + std::to_string(first->second) + ")");
    Status s = apply_setting(share_, key, value);
    if (!s.is_ok()) return line_error(file_, number, s.message());
    if (key == "name") share_.name_line = number;
    if (key == "path") share_.path_line = number;
    return Status::ok();
  }

  const std::string& file_;
  const Resolver& resolve_;
  Share share_;
  std::map<std::string, int> seen_;  // setting → the line that gave it
};

}  // namespace

Result<Share> parse_share(std::string_view text, const std::string& file, const Resolver& resolve) {
  Parser parser(file, resolve);
  for (const SourceLine& line : significant_lines(text)) MAGMA_RETURN_IF_ERROR(parser.line(line));
  return parser.finish();
}

}  // namespace magma::acl
