// The Acl: decision tables built once, and the decision walked through them.
#include "acl/acl.h"

#include <algorithm>
#include <map>

#include "acl/rule_line.h"
#include "acl/share_checks.h"
#include "libmagma/path.h"

namespace magma::acl {

namespace {

// What normalise_path returns, checked without allocating: decide() must not be fooled by
// "/pub/../secret" into using the rules of /pub.
bool is_normalised(std::string_view path) {
  if (path.empty() || path[0] != '/') return false;
  if (path.size() == 1) return true;
  for (size_t i = 0; i != std::string_view::npos;) {
    size_t next = path.find('/', i + 1);
    std::string_view component = path.substr(i + 1, next == std::string_view::npos ? next : next - i - 1);
    if (component.empty() || component == "." || component == "..") return false;
    i = next;
  }
  return true;
}

}  // namespace

Acl::Acl(Passkey, std::vector<Share> shares, std::string source, bool builtin)
    : shares_(std::move(shares)), source_(std::move(source)), builtin_(builtin) {
  for (const Share& s : shares_) tables_.push_back(make_table(s));
  std::sort(tables_.begin(), tables_.end(),
            [](const Table& a, const Table& b) { return a.share->path.size() > b.share->path.size(); });
}

Result<std::shared_ptr<const Acl>> Acl::build(std::vector<Share> shares, std::string source) {
  MAGMA_RETURN_IF_ERROR(check_shares(shares));
  std::sort(shares.begin(), shares.end(), [](const Share& a, const Share& b) { return a.name < b.name; });
  return std::shared_ptr<const Acl>(std::make_shared<Acl>(Passkey{}, std::move(shares), std::move(source), false));
}

std::shared_ptr<const Acl> Acl::builtin_default(std::string reason) {
  Share lava;
  lava.name = "lava";
  lava.path = "/";
  lava.rules.push_back({Access::Write, "/", IpPrefix(), "*", "", 0, "w / *"});
  std::vector<Share> shares;
  shares.push_back(std::move(lava));
  return std::make_shared<Acl>(Passkey{}, std::move(shares), std::move(reason), true);
}

Acl::Table Acl::make_table(const Share& share) {
  std::map<std::string_view, std::vector<const Rule*>> by_subpath;
  for (const Rule& r : share.rules) by_subpath[r.subpath].push_back(&r);
  Table table{&share, {}};
  for (auto& [subpath, rules] : by_subpath) {
    // Stable: rules with the same network keep their file order, the earliest first.
    std::stable_sort(rules.begin(), rules.end(), [](const Rule* a, const Rule* b) {
      return a->prefix.specificity() > b->prefix.specificity();
    });
    table.levels.push_back({subpath, std::move(rules)});
  }
  std::sort(table.levels.begin(), table.levels.end(),
            [](const Level& a, const Level& b) { return a.subpath.size() > b.subpath.size(); });
  return table;
}

Decision Acl::decide(const boost::asio::ip::address& client, std::string_view lava_path) const {
  if (!is_normalised(lava_path)) return {};
  for (const Table& table : tables_) {
    if (is_same_or_below(lava_path, table.share->path))
      return decide_in(table, match_bytes(client), share_subpath(*table.share, lava_path));
  }
  return {};
}

Decision Acl::decide_in(const Table& table, const AddressBytes& client, std::string_view subpath) const {
  for (const Level& level : table.levels) {
    if (!is_same_or_below(subpath, level.subpath)) continue;
    for (const Rule* rule : level.rules) {
      if (!rule->prefix.contains(client)) continue;
      Access granted = table.share->read_only ? std::min(rule->access, Access::Read) : rule->access;
      return {granted, table.share, rule};
    }
  }
  return {Access::None, table.share, nullptr};
}

Result<Decision> Acl::decide_in_share(std::string_view share_name, const boost::asio::ip::address& client,
                                      std::string_view subpath) const {
  const Share* share = find_share(share_name);
  if (!share) return Status(Errc::NotFound, "no share named '" + std::string(share_name) + "'");
  auto sub = parse_share_path(subpath, "subpath");
  MAGMA_RETURN_IF_ERROR(sub);
  if (share->path == "/") return decide(client, *sub);
  return decide(client, *sub == "/" ? share->path : share->path + *sub);
}

const Share* Acl::find_share(std::string_view name) const {
  auto it = std::lower_bound(shares_.begin(), shares_.end(), name,
                             [](const Share& s, std::string_view n) { return s.name < n; });
  return it != shares_.end() && it->name == name ? &*it : nullptr;
}

}  // namespace magma::acl
