// libFuzzer target: a share file (magma-acl(5)) as the loader reads it: the native form or
// the 2015 INI form, chosen by its first line (acl/share_loader.h), through share_text,
// rule_line, rule_address and ip_prefix. Host names resolve through a fake resolver that
// answers from the name alone, never the network.
//
// Checked beyond "no crash", for a share that parses: its name, path and subpaths are in
// their checked forms; each rule's network prints (IpPrefix::to_string) to text that
// parses back to it; the share printed in the canonical native form (settings, then one
// rule line per rule with its network as printed; none for a subpath with a blank)
// parses back to the same share, and prints again to the same text; the share builds an
// Acl in which every rule's own client on the rule's own path is decided by that rule or
// a more specific one.
#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "acl/acl.h"
#include "acl/describe.h"
#include "acl/rule_line.h"
#include "acl/share_loader.h"
#include "acl/share_parser.h"
#include "libmagma/path.h"
#include "tests/fuzz/fuzz_check.h"

namespace magma::acl {
namespace {

namespace asio_ip = boost::asio::ip;

// Some names do not resolve; the others have one IPv4 address, and some an IPv6 one too.
Result<std::vector<asio_ip::address>> fake_resolve(const std::string& host) {
  size_t h = std::hash<std::string>()(host);
  if (h % 5 == 0) return Status(Errc::Invalid, "cannot resolve host '" + host + "': fake");
  std::vector<asio_ip::address> out{asio_ip::address_v4(0x0a000000u | static_cast<uint32_t>(h & 0xffffff))};
  if (h % 3 == 0) {
    asio_ip::address_v6::bytes_type b{0x20, 0x01, 0x0d, 0xb8};
    for (int i = 8; i < 16; ++i) b[i] = static_cast<uint8_t>(h >> (8 * (i - 8)));
    out.push_back(asio_ip::address_v6(b));
  }
  return out;
}

// The share as a native share file would say it. A path whose last component ends in a
// blank (written "/a /" in the file) keeps its '/': the parser trims blanks around values.
std::string canonical_text(const Share& share) {
  auto yes_no = [](bool b) { return b ? "yes" : "no"; };
  std::string path = share.path;
  if (path.back() == ' ' || path.back() == '\t' || path.back() == '\r') path += '/';
  std::string text = "name = " + share.name + "\npath = " + path + "\nread-only = " + yes_no(share.read_only) +
                     "\nroot-squash = " + yes_no(share.root_squash) + "\nanon-uid = " + std::to_string(share.anon_uid) +
                     "\nanon-gid = " + std::to_string(share.anon_gid) + "\n";
  for (const Rule& r : share.rules)
    text += std::string(1, access_letter(r.access)) + " " + r.subpath + " " + r.prefix.to_string() + "\n";
  return text;
}

bool same_share(const Share& a, const Share& b) {
  if (a.name != b.name || a.path != b.path || a.read_only != b.read_only || a.root_squash != b.root_squash ||
      a.anon_uid != b.anon_uid || a.anon_gid != b.anon_gid || a.rules.size() != b.rules.size())
    return false;
  for (size_t i = 0; i < a.rules.size(); ++i) {
    const Rule& x = a.rules[i];
    const Rule& y = b.rules[i];
    if (x.access != y.access || x.subpath != y.subpath || x.prefix != y.prefix) return false;
  }
  return true;
}

// Native rule lines split on blanks: a subpath holding one, which only the 2015 form's
// "[/path]" lines can write, has no native spelling.
bool has_native_form(const Share& share) {
  return std::none_of(share.rules.begin(), share.rules.end(),
                      [](const Rule& r) { return r.subpath.find_first_of(" \t\r") != std::string::npos; });
}

void check_rule(const Rule& rule) {
  FUZZ_CHECK(fuzz_equals(parse_share_path(rule.subpath, "subpath"), rule.subpath), "a subpath not in its checked form");
  FUZZ_CHECK(!rule.address.empty() && !rule.text.empty(), "a rule without its address or text");
  std::string printed = rule.prefix.to_string();
  auto again = parse_rule_address(printed, fake_resolve);
  FUZZ_CHECK(again && again->size() == 1 && again->front() == rule.prefix, "a printed network does not parse back");
}

// A client inside rule's network: its first address.
asio_ip::address client_of(const Rule& rule) {
  std::string printed = rule.prefix.to_string();
  if (printed == "*") return asio_ip::make_address("192.0.2.1");
  return asio_ip::make_address(printed.substr(0, printed.find('/')));
}

void check_decisions(const Share& share) {
  auto acl = Acl::build({share}, "fuzz");
  if (!acl) return;  // contradicting rules
  describe(**acl);
  for (const Rule& rule : share.rules) {
    std::string path = share.path == "/" ? rule.subpath : rule.subpath == "/" ? share.path : share.path + rule.subpath;
    if (path.size() > kMaxPathLength) continue;
    Decision d = (*acl)->decide(client_of(rule), path);
    FUZZ_CHECK(d.share && d.share->name == share.name && d.rule, "a rule's own client and path find no rule");
    bool as_specific = d.rule->subpath.size() > rule.subpath.size() ||
                       (d.rule->subpath == rule.subpath && d.rule->prefix.specificity() >= rule.prefix.specificity());
    FUZZ_CHECK(as_specific, "a less specific rule decided");
    Access cap = share.read_only ? Access::Read : Access::Write;
    FUZZ_CHECK(d.access == std::min(d.rule->access, cap), "the decision is not its rule's access");
  }
}

}  // namespace
}  // namespace magma::acl

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace magma::acl;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto share = parse_share_file(text, "fuzz.share", fake_resolve);
  if (!share) {
    FUZZ_CHECK(share.code() == magma::Errc::Invalid, "a share file refused with another code than Invalid");
    return 0;
  }
  FUZZ_CHECK(is_share_name(share->name), "a share named with no share name");
  FUZZ_CHECK(fuzz_equals(parse_share_path(share->path, "path"), share->path), "a share path not in its checked form");
  for (const Rule& rule : share->rules) check_rule(rule);
  if (has_native_form(*share)) {
    std::string canonical = canonical_text(*share);
    auto again = parse_share(canonical, "canonical.share", fake_resolve);
    FUZZ_CHECK(again, "the canonical form of a share does not parse");
    FUZZ_CHECK(same_share(*share, *again), "the canonical form of a share parses to another share");
    FUZZ_CHECK(canonical_text(*again) == canonical, "the canonical form is not a fixed point");
  }
  check_decisions(*share);
  return 0;
}
