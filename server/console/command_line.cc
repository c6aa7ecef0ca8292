// Splitting console lines into words and resolving their paths.
#include "server/console/command_line.h"

#include "libmagma/path.h"

namespace magma::server::console {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Reads a quoted part starting after its opening quote at line[i]; i ends after the
// closing quote.
Status read_quoted(std::string_view line, size_t& i, std::string& word) {
  while (i < line.size()) {
    char c = line[i++];
    if (c == '"') return Status::ok();
    if (c == '\\') {
      if (i == line.size()) break;
      c = line[i++];
    }
    word.push_back(c);
  }
  return Status(Errc::Invalid, "unterminated quote");
}

}  // namespace

Result<std::vector<std::string>> split_words(std::string_view line) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < line.size()) {
    if (is_blank(line[i])) {
      ++i;
      continue;
    }
    std::string word;
    while (i < line.size() && !is_blank(line[i])) {
      char c = line[i++];
      if (c == '"') {
        MAGMA_RETURN_IF_ERROR(read_quoted(line, i, word));
      } else {
        word.push_back(c);
      }
    }
    words.push_back(std::move(word));
  }
  return words;
}

Result<std::string> resolve_path(std::string_view cwd, std::string_view arg) {
  if (arg.empty()) return std::string(cwd);
  if (arg.front() == '/') return normalise_path(arg);
  std::string joined(cwd);
  joined += '/';
  joined += arg;
  return normalise_path(joined);
}

}  // namespace magma::server::console
