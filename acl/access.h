// Access: what a share rule grants — none, read-only or read-write — and its one-letter
// spelling in share files (n, r, w). Pure values and functions, thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

#include "libmagma/errc.h"

namespace magma::acl {

// Ordered: a grant allows every access up to itself, so w implies r.
enum class Access : uint8_t { None = 0, Read = 1, Write = 2 };

// 'n', 'r' or 'w'.
char access_letter(Access a);

// "none", "read-only" or "read-write", for explanations.
const char* access_name(Access a);

// True when a grant of granted allows an access of wanted (Write allows Read).
constexpr bool allows(Access granted, Access wanted) { return granted >= wanted; }

// Parses one letter: "n", "r" or "w". Fails with Invalid ("bad access letter 'x' (r, w or n)").
Result<Access> parse_access(std::string_view text);

}  // namespace magma::acl
