// Flare paths: the normalised absolute form that keys are computed from, and the limits
// every door enforces. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "libmagma/errc.h"

namespace magma {

constexpr size_t kMaxNameLength = 255;   // one path component, as NAME_MAX
constexpr size_t kMaxPathLength = 4095;  // a whole path without its NUL, as PATH_MAX - 1

// Normalises path: must be absolute; repeated '/' and "." components are dropped, ".."
// is resolved lexically (never above '/'), and no trailing '/' remains except for "/".
// Fails with Invalid (relative, empty, NUL byte) or NameTooLong (a component over
// kMaxNameLength or the result over kMaxPathLength).
Result<std::string> normalise_path(std::string_view path);

// The parent of a normalised path ("/" for "/a" and for "/"). REQUIRES: normalised.
std::string parent_path(std::string_view path);

// The last component of a normalised path ("" for "/"). REQUIRES: normalised.
std::string_view base_name(std::string_view path);

// dir + "/" + name for a normalised dir. Fails as check_name does.
Result<std::string> child_path(std::string_view dir, std::string_view name);

// Checks a single component: not empty, not "." or "..", no '/' or NUL (Invalid),
// at most kMaxNameLength bytes (NameTooLong).
Status check_name(std::string_view name);

// True when path equals ancestor or lies below it. REQUIRES: both normalised.
bool is_same_or_below(std::string_view path, std::string_view ancestor);

}  // namespace magma
