// Loads a directory of share files (one share per file) into an Acl: all of it or, on the
// first error, nothing, so that the caller keeps the rules it had. Blocks: reads files and
// resolves host names. Thread-safe (no shared state).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "acl/acl.h"
#include "acl/rule_address.h"
#include "acl/share.h"
#include "libmagma/errc.h"

namespace magma::acl {

inline constexpr const char* kDefaultSharesDir = "/etc/magma/shares.d";
constexpr size_t kMaxShareFileBytes = 1 << 20;  // far above any real ACL; bounds what we read

// True for the names the loader reads: ending in ".share" or ".ini", not starting with '.'
// (editors' and packagers' leftovers such as "x.share~" or "x.share.dpkg-old" are skipped).
bool is_share_file_name(std::string_view name);

// The share that text describes, in the format its first significant line shows: '[' is
// the 2015 INI form (named after file's name without directory and extension), anything
// else the native form. Fails with Invalid "FILE:LINE: reason", or "FILE: reason" when the
// 2015 form's file name is not a share name.
Result<Share> parse_share_file(std::string_view text, const std::string& file, const Resolver& resolve);

// Every share file of dir, in file name order, checked together (Acl::build). A missing
// dir, or one without share files, gives Acl::builtin_default. Fails with the first error:
// Invalid "FILE:LINE: reason" (or "FILE: reason"), Invalid "DIR: not a directory",
// Io "PATH: <system error>" when dir or a file cannot be read.
Result<std::shared_ptr<const Acl>> load_shares(const std::string& dir, const Resolver& resolve = resolve_host);

}  // namespace magma::acl
