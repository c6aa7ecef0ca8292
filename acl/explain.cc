// `acl check`: a decision with its share and rule.
#include "acl/explain.h"

#include "acl/describe.h"
#include "libmagma/path.h"

namespace magma::acl {

namespace {

std::string verdict(const Decision& d, std::optional<Access> wanted) {
  std::string grant = std::string("grant ") + access_letter(d.access);
  if (!wanted) return grant;
  Status s = check_access(d, *wanted);
  if (s.is_ok()) return "allowed (" + grant + ")";
  return std::string(s.code() == Errc::ReadOnly ? "denied, read-only" : "denied") + " (" + grant + ")";
}

std::string share_line(const Decision& d, std::string_view lava_path) {
  if (!d.share) return "share: none contains " + std::string(lava_path);
  return "share: " + d.share->name + ", path " + d.share->path + ", subpath " +
         std::string(share_subpath(*d.share, lava_path));
}

std::string rule_line(const Decision& d) {
  if (!d.share) return "rule: none";
  if (!d.rule) return "rule: none matches in share " + d.share->name;
  std::string line = "rule: " + d.rule->where() + ": " + rule_summary(*d.rule);
  if (d.access != d.rule->access) line += ", capped at r: read-only share";
  return line;
}

}  // namespace

std::vector<std::string> explain(const Acl& acl, const boost::asio::ip::address& client,
                                 std::string_view lava_path, std::optional<Access> wanted) {
  Decision d = acl.decide(client, lava_path);
  std::string head = client.to_string() + " ";
  if (wanted) head += std::string(1, access_letter(*wanted)) + " ";
  return {head + std::string(lava_path) + ": " + verdict(d, wanted), share_line(d, lava_path), rule_line(d)};
}

Result<std::vector<std::string>> explain_check(const Acl& acl, std::string_view client, std::string_view path,
                                               std::string_view wanted) {
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(std::string(client), ec);
  if (ec) return Status(Errc::Invalid, "bad client address '" + std::string(client) + "'");
  auto normal = normalise_path(path);
  MAGMA_RETURN_IF_ERROR(normal);
  std::optional<Access> access;
  if (!wanted.empty()) {
    auto parsed = parse_access(wanted);
    if (!parsed || *parsed == Access::None)
      return Status(Errc::Invalid, "wanted access must be r or w, not '" + std::string(wanted) + "'");
    access = *parsed;
  }
  return explain(acl, address, *normal, access);
}

}  // namespace magma::acl
