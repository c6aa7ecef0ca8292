// Config files of the form `key = value`, one per line; '#' starts a comment line and
// blank lines are ignored. Used by magmad (/etc/magma/magmad.conf) and mount.magma.
// Pure parsing: the caller decides which keys exist.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "libmagma/errc.h"

namespace magma {

struct ConfigEntry {
  std::string key;
  std::string value;
  int line = 0;  // 1-based, for error messages
};

// Parses text. origin names it in errors. Fails with Invalid and the message
// "<origin>:<line>: <reason>" for a line without '=' or with an empty key.
Result<std::vector<ConfigEntry>> parse_config(std::string_view text, const std::string& origin);

// Reads and parses the file at path; NotFound if it does not exist, Io if unreadable.
Result<std::vector<ConfigEntry>> read_config_file(const std::string& path);

}  // namespace magma
