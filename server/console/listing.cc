// The console's ls lines.
#include "server/console/listing.h"

#include <cstdio>

namespace magma::server::console {

namespace {

char type_letter(FlareType t) {
  switch (t) {
    case FlareType::Regular: return '-';
    case FlareType::Directory: return 'd';
    case FlareType::Symlink: return 'l';
    case FlareType::Fifo: return 'p';
    case FlareType::Socket: return 's';
    case FlareType::CharDevice: return 'c';
    case FlareType::BlockDevice: return 'b';
  }
  return '?';
}

// The execute letter of one class: x, or the special bit's letter (lower case when the
// class may also execute).
char exec_letter(bool exec, bool special, char special_letter) {
  if (!special) return exec ? 'x' : '-';
  return exec ? special_letter : static_cast<char>(special_letter - 'a' + 'A');
}

}  // namespace

std::string mode_text(const FlareAttr& attr) {
  uint32_t m = attr.mode;
  std::string text(10, '-');
  text[0] = type_letter(attr.type);
  for (int cls = 0; cls < 3; ++cls) {
    int shift = 6 - 3 * cls;
    if ((m >> shift) & 4) text[1 + 3 * cls] = 'r';
    if ((m >> shift) & 2) text[2 + 3 * cls] = 'w';
  }
  text[3] = exec_letter(m & 0100, m & 04000, 's');
  text[6] = exec_letter(m & 0010, m & 02000, 's');
  text[9] = exec_letter(m & 0001, m & 01000, 't');
  return text;
}

std::string listing_line(const FlareAttr& attr, std::string_view name, std::string_view target) {
  char numbers[64];
  std::snprintf(numbers, sizeof numbers, " %6u %6u %10llu ", attr.uid, attr.gid,
                static_cast<unsigned long long>(attr.size));
  std::string line = mode_text(attr) + numbers + std::string(name);
  if (!target.empty()) line += " -> " + std::string(target);
  return line + "\n";
}

std::string listing_total(size_t entries) { return " -- total entries: " + std::to_string(entries) + "\n"; }

}  // namespace magma::server::console
