// Where magmad, mount.magma and magmactl take the lava key from, and how they keep it out
// of sight. In order of preference:
//   1. given on the command line (-k/--key, key=): scrubbed from argv at once, yet briefly
//      visible to ps(1) before that, so a key file is the better habit;
//   2. a key file (--key-file, key_file=), or kDefaultKeyFile when none is named and it
//      exists: its first line, refused unless only its owner can read it (as ssh does);
//   3. a prompt on the terminal, without echo, when standard input is one.
// There is no built-in key: without one, every program refuses to start (a default key
// would let anyone who read the source into every lava that kept it).
#pragma once

#include <string>

#include "libmagma/errc.h"

namespace magma {

constexpr const char* kDefaultKeyFile = "/etc/magma/secret";

// Where a program was told to look for the key.
struct KeySources {
  std::string key;       // given on the command line; empty if not
  std::string key_file;  // named key file; empty: kDefaultKeyFile if it exists
  std::string default_key_file = kDefaultKeyFile;
  bool may_prompt = false;  // standard input is a terminal: ask there as a last resort
};

// The key of the first source that has one (see above). Fails with Invalid when none has
// one (the message says how to give it), or as read_key_file. May block on the prompt.
Result<std::string> resolve_lava_key(const KeySources& sources);

// The first line of the file at path, without its line end. Fails with NotFound (no such
// file), Access (unreadable, or readable or writable by group or others: the message names
// the mode and the chmod that fixes it), Invalid (not a regular file, or an empty first
// line), Io. Checks the file it opened, not the path, so a swap in between cannot fool it.
Result<std::string> read_key_file(const std::string& path);

// Asks for the key on standard input with echo turned off, writing prompt to standard
// error. Fails with Invalid for an empty answer, Io when standard input ends first. Blocks.
Result<std::string> prompt_for_key(const std::string& prompt);

// Overwrites every occurrence of key in argv[1..argc) with 'x's, so that ps(1) and
// /proc/PID/cmdline no longer show it. Does nothing for an empty key.
void hide_key_in_argv(int argc, char** argv, const std::string& key);

}  // namespace magma
