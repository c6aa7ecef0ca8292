// Consistency of a set of shares: names, roots and contradicting rules.
#include "acl/share_checks.h"

#include <algorithm>
#include <tuple>

#include "acl/share_text.h"

namespace magma::acl {

namespace {

Status check_unique(const Share& later, const Share& earlier) {
  if (later.name == earlier.name)
    return line_error(later.file, later.name_line,
                      "share name '" + later.name + "' is already used by " + earlier.file);
  if (later.path == earlier.path)
    return line_error(later.file, later.path_line,
                      "share '" + later.name + "' has the same path " + later.path + " as share '" +
                          earlier.name + "' (" + earlier.file + ")");
  return Status::ok();
}

// Rules with the same subpath and network must grant the same: which one would win is not
// something a reader of the file could tell.
Status check_rules(const Share& share) {
  std::vector<const Rule*> rules;
  for (const Rule& r : share.rules) rules.push_back(&r);
  auto key = [](const Rule* r) { return std::tie(r->subpath, r->prefix, r->line); };
  std::sort(rules.begin(), rules.end(), [&](const Rule* a, const Rule* b) { return key(a) < key(b); });
  for (size_t i = 1; i < rules.size(); ++i) {
    const Rule& a = *rules[i - 1];
    const Rule& b = *rules[i];
    if (a.subpath != b.subpath || a.prefix != b.prefix || a.access == b.access) continue;
    return line_error(b.file, b.line,
                      "'" + b.text + "' contradicts line " + std::to_string(a.line) + " ('" + a.text + "') for " +
                          b.prefix.to_string() + " on " + b.subpath);
  }
  return Status::ok();
}

}  // namespace

Status check_shares(const std::vector<Share>& shares) {
  for (size_t i = 0; i < shares.size(); ++i) {
    for (size_t j = 0; j < i; ++j) MAGMA_RETURN_IF_ERROR(check_unique(shares[i], shares[j]));
    MAGMA_RETURN_IF_ERROR(check_rules(shares[i]));
  }
  return Status::ok();
}

}  // namespace magma::acl
