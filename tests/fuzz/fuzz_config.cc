// libFuzzer target: a config file, parsed by libmagma/config_file.h and then applied by
// magmad's option parsing (server/magmad_options.h) under a fixed command line.
//
// Checked beyond "no crash": parsed entries are trimmed, non-empty keys without '=', one
// line each, and printed as "key = value" lines they parse back to themselves; magmad
// either refuses the file with Invalid or keeps what only the command line may set (the
// lava key, -b, -r, --syslog) unset and the command line's own settings in force over
// the file's, and each setting the file gives first as it is written (numbers as plain
// decimal digits).
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "libmagma/config_file.h"
#include "server/magmad_options.h"
#include "tests/fuzz/fuzz_check.h"

namespace magma {
namespace {

bool trimmed(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  return s.empty() || (!blank(s.front()) && !blank(s.back()));
}

void check_entries(const std::vector<ConfigEntry>& entries) {
  std::string printed;
  int last_line = 0;
  for (const ConfigEntry& e : entries) {
    FUZZ_CHECK(!e.key.empty() && trimmed(e.key) && trimmed(e.value), "an entry not trimmed");
    FUZZ_CHECK(e.key.find('=') == std::string::npos && e.key[0] != '#', "a key with '=' or a comment's '#'");
    FUZZ_CHECK((e.key + e.value).find('\n') == std::string::npos, "an entry across lines");
    FUZZ_CHECK(e.line > last_line, "entries out of line order");
    last_line = e.line;
    printed += e.key + " = " + e.value + "\n";
  }
  auto again = parse_config(printed, "printed");
  FUZZ_CHECK(again && again->size() == entries.size(), "printed entries do not parse back");
  for (size_t i = 0; i < entries.size(); ++i)
    FUZZ_CHECK((*again)[i].key == entries[i].key && (*again)[i].value == entries[i].value &&
                   (*again)[i].line == static_cast<int>(i) + 1,
               "printed entries parse to others");
}

// The file magmad reads: a memory file, named by its /proc path.
const std::string& config_file(std::string_view text) {
  static const int fd = memfd_create("fuzz.conf", 0);
  static const std::string path = "/proc/self/fd/" + std::to_string(fd);
  FUZZ_CHECK(fd >= 0 && ftruncate(fd, 0) == 0 &&
                 pwrite(fd, text.data(), text.size(), 0) == static_cast<ssize_t>(text.size()),
             "cannot write the memory file");
  return path;
}

// The value of text as plain decimal digits; nullopt for anything else or above 2^64 - 1.
std::optional<uint64_t> decimal(const std::string& text) {
  if (text.empty()) return std::nullopt;
  uint64_t v = 0;
  for (char c : text) {
    auto digit = static_cast<uint64_t>(c - '0');
    if (c < '0' || c > '9' || v > (UINT64_MAX - digit) / 10) return std::nullopt;
    v = v * 10 + digit;
  }
  return v;
}

// Each setting as the file gives it first (a later repeat is ignored), unless the command
// line gave it.
void check_settings_taken(const std::vector<ConfigEntry>& entries, const server::MagmadOptions& o) {
  const std::map<std::string, const std::string*> texts{
      {"fqdn", &o.fqdn}, {"key-file", &o.key_file}, {"bind", &o.bind}, {"storage", &o.storage},
      {"shares", &o.shares}, {"debug", &o.debug}, {"console-bind", &o.console_bind}};
  const std::map<std::string, uint64_t> numbers{{"port", o.port},
                                                {"nfs-port", o.nfs_port},
                                                {"mount-port", o.mount_port},
                                                {"nfs-threads", o.nfs_threads},
                                                {"console-port", o.console_port}};
  std::set<std::string> seen;
  for (const ConfigEntry& e : entries) {
    std::string name = e.key;
    std::replace(name.begin(), name.end(), '_', '-');
    if (!seen.insert(name).second) continue;
    if (auto t = texts.find(name); t != texts.end()) FUZZ_CHECK(*t->second == e.value, "a setting not as written");
    if (auto n = numbers.find(name); n != numbers.end())
      FUZZ_CHECK(decimal(e.value) == n->second, "a number setting that is not its decimal digits");
  }
}

void check_magmad(std::string_view text) {
  std::vector<std::string> args{"magmad", "-n", "cmdline", "--node-port", "4000", "-c", config_file(text)};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  auto options = server::parse_magmad_options(static_cast<int>(argv.size()), argv.data());
  if (!options) {
    FUZZ_CHECK(options.code() == Errc::Invalid, "a config file refused with another code than Invalid");
    return;
  }
  FUZZ_CHECK(options->secret.empty() && !options->bootstrap && !options->join && !options->syslog && !options->help,
             "a config file set a command-line-only option");
  FUZZ_CHECK(options->nickname == "cmdline" && options->node_port == 4000, "a config file overrode the command line");
  auto entries = parse_config(text, "fuzz.conf");
  FUZZ_CHECK(entries.is_ok(), "magmad took a config file that does not parse");
  check_settings_taken(*entries, *options);
}

}  // namespace
}  // namespace magma

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace magma;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto entries = parse_config(text, "fuzz.conf");
  if (entries) check_entries(*entries);
  check_magmad(text);
  return 0;
}
