// A console command line in parts: its words, and the lava paths its arguments name
// relative to the session's working directory. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "libmagma/errc.h"

namespace magma::server::console {

// Splits line into words. Blanks (space, tab) separate words; double quotes group a word
// that holds blanks ("my file"), inside which \" and \\ stand for " and \. Fails with
// Invalid on an unterminated quote or a backslash ending the line inside quotes.
Result<std::vector<std::string>> split_words(std::string_view line);

// The normalised absolute path that arg names seen from the directory cwd (itself
// normalised): arg itself when absolute, cwd + "/" + arg otherwise, ".." resolved; cwd
// for an empty arg. Fails as normalise_path (Invalid, NameTooLong).
Result<std::string> resolve_path(std::string_view cwd, std::string_view arg);

}  // namespace magma::server::console
