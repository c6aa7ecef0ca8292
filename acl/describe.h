// The rules in force in words: what console `print acl` lists, and the groups MOUNT
// EXPORT (`showmount -e`) shows for a share. Pure, thread-safe.
#pragma once

#include <string>
#include <vector>

#include "acl/acl.h"
#include "acl/share.h"

namespace magma::acl {

// One line for where the rules come from, then per share (by name) a line with its path
// and options and one line per rule in file order:
//   shares from /etc/magma/shares.d
//   share home: path /home, read-write, root-squash, anon 65534:65534, file /etc/magma/shares.d/home.share
//     line 6: r / 10.0.0.0/8
//     line 8: w /john localhost (localhost = 127.0.0.1)
std::vector<std::string> describe(const Acl& acl);

// The networks that have r or w on some subpath of share, in file order without repeats
// ("10.0.0.0/8", "::1"); just "*" when every address has.
std::vector<std::string> allowed_groups(const Share& share);

// A rule as describe() and explain() show it: "w /john localhost (localhost = 127.0.0.1)" —
// its text, and the network its address stands for when the text does not spell it so.
std::string rule_summary(const Rule& rule);

}  // namespace magma::acl
