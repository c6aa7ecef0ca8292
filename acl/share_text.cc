// Share file text: lines, comments, words and located errors.
#include "acl/share_text.h"

namespace magma::acl {

namespace {

constexpr std::string_view kBlanks = " \t\r";

bool is_blank(char c) { return kBlanks.find(c) != std::string_view::npos; }

std::string_view without_comment(std::string_view line) {
  for (size_t i = 0; i < line.size(); ++i)
    if (line[i] == '#' && (i == 0 || is_blank(line[i - 1]))) return line.substr(0, i);
  return line;
}

}  // namespace

std::string_view trim_blanks(std::string_view text) {
  size_t b = text.find_first_not_of(kBlanks);
  if (b == std::string_view::npos) return {};
  return text.substr(b, text.find_last_not_of(kBlanks) - b + 1);
}

std::vector<SourceLine> significant_lines(std::string_view text) {
  std::vector<SourceLine> out;
  int number = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = trim_blanks(without_comment(text.substr(0, nl)));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++number;
    if (!line.empty()) out.push_back({number, line});
  }
  return out;
}

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> out;
  size_t i = text.find_first_not_of(kBlanks);
  while (i != std::string_view::npos) {
    size_t end = text.find_first_of(kBlanks, i);
    out.push_back(text.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i));
    i = end == std::string_view::npos ? end : text.find_first_not_of(kBlanks, end);
  }
  return out;
}

std::string source_location(const std::string& file, int line) {
  return line > 0 ? file + ":" + std::to_string(line) : file;
}

Status line_error(const std::string& file, int line, const std::string& reason) {
  return Status(Errc::Invalid, source_location(file, line) + ": " + reason);
}

}  // namespace magma::acl
