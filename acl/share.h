// Share and Rule: what a share file says once parsed — the share's name, its root in the
// lava, its options and its rules, each rule remembering the file and line it came from so
// that decisions can be explained. Plain values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "acl/access.h"
#include "acl/ip_prefix.h"

namespace magma::acl {

constexpr uint32_t kNobody = 65534;  // default anon-uid and anon-gid

struct Rule {
  Access access = Access::None;
  std::string subpath;   // normalised, relative to the share's root: "/" is the whole share
  IpPrefix prefix;       // the network as written, or one address of a host name
  std::string address;   // the ADDRESS as written: "10.0.0.0/255.0.0.0", "localhost", "*"
  std::string file;      // the share file ("" for the built-in default share)
  int line = 0;          // 1-based line in file (0 for the built-in default share)
  std::string text;      // the rule's line without its comment, words joined by one blank
                         // ("allow r /pub *"); 2015 form: "[/group] ADDRESS=LETTER" as written

  // "file:line", or "built-in" for the default share's rule.
  std::string where() const;
};

struct Share {
  std::string name;
  std::string path = "/";   // the share's root in the lava, normalised
  bool read_only = false;   // caps every grant at Read
  bool root_squash = true;  // uid 0 is mapped to anon_uid/anon_gid
  uint32_t anon_uid = kNobody;
  uint32_t anon_gid = kNobody;
  std::vector<Rule> rules;  // in file order; one per address of a line
  std::string file;         // the share file ("" for the built-in default share)
  int name_line = 0;        // lines of the name and path settings (0: not from a line)
  int path_line = 0;
  bool legacy = false;      // read from a 2015 INI file
};

// lava_path as a subpath of share: "/" for the share's root, "/john" for <root>/john.
// REQUIRES: lava_path normalised and equal to share.path or below it. Allocates nothing.
std::string_view share_subpath(const Share& share, std::string_view lava_path);

// A share name: 1 to 64 letters, digits, '.', '_' or '-', not starting with '.' or '-'.
bool is_share_name(std::string_view name);

}  // namespace magma::acl
