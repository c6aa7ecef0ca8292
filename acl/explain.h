// One decision in words, for `magmactl acl check ADDRESS PATH [r|w]`: the verdict, the
// share and the rule that made it. Pure, thread-safe.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "acl/acl.h"
#include "libmagma/errc.h"

namespace magma::acl {

// Three lines:
//   10.0.0.9 w /home/john: denied, read-only (grant r)      [or "allowed (grant w)";
//                                                             without wanted: "grant r"]
//   share: home, path /home, subpath /john                  [or "share: none contains /etc"]
//   rule: /etc/magma/shares.d/home.share:6: r / 10.0.0.0/8  [or "rule: none matches in share home"]
// REQUIRES: lava_path normalised.
std::vector<std::string> explain(const Acl& acl, const boost::asio::ip::address& client,
                                 std::string_view lava_path, std::optional<Access> wanted);

// explain() from the words an operator typed: an address, a path (normalised here) and ""
// or "r" or "w". Fails with Invalid: "bad client address 'x'", normalise_path's reasons,
// "wanted access must be r or w, not 'x'".
Result<std::vector<std::string>> explain_check(const Acl& acl, std::string_view client, std::string_view path,
                                               std::string_view wanted);

}  // namespace magma::acl
