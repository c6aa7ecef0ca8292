// The text of a share file as both formats (share_parser, legacy_ini_parser) read it:
// numbered lines without comments or outer blanks, words, and the "FILE:LINE: reason"
// errors every bad line is refused with. Pure, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "libmagma/errc.h"

namespace magma::acl {

struct SourceLine {
  int number = 0;         // 1-based
  std::string_view text;  // never empty; a view into the parsed text
};

// The lines of text that say something. A '#' at the start of a line or after a blank
// starts a comment that runs to the end of the line; blanks (space, tab, CR) around what
// is left are dropped; lines left empty are skipped.
std::vector<SourceLine> significant_lines(std::string_view text);

// text without leading and trailing blanks.
std::string_view trim_blanks(std::string_view text);

// The blank-separated words of text.
std::vector<std::string_view> split_words(std::string_view text);

// "file:line", or just "file" when line is 0.
std::string source_location(const std::string& file, int line);

// Invalid, "file:line: reason" (or "file: reason" when line is 0).
Status line_error(const std::string& file, int line, const std::string& reason);

}  // namespace magma::acl
