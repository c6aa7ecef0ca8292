// The lava key from the command line, a key file (with its permission check) or a prompt.
#include "libmagma/lava_key.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "libmagma/unique_fd.h"

namespace magma {
namespace {

// A key file longer than this is not a key file.
constexpr size_t kMaxKeyFileSize = 64 * 1024;

std::string octal_mode(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

// The whole (bounded) contents of fd. Reserved once, so no reallocation leaves a copy of
// the key behind; the read buffer is wiped.
Result<std::string> read_all(int fd, const std::string& path) {
  std::string text;
  text.reserve(kMaxKeyFileSize + 4096);
  char buf[4096];
  Result<std::string> outcome = Status(Errc::Invalid, "key file " + path + " is too large for a key");
  for (;;) {
    ssize_t got = ::read(fd, buf, sizeof buf);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      outcome = Status::from_errno("cannot read key file " + path);
      break;
    }
    if (got == 0) {
      outcome = std::move(text);
      break;
    }
    text.append(buf, static_cast<size_t>(got));
    if (text.size() > kMaxKeyFileSize) break;
  }
  OPENSSL_cleanse(buf, sizeof buf);
  if (!outcome) OPENSSL_cleanse(text.data(), text.size());
  return outcome;
}

std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Restores the terminal's echo when the prompt ends, however it ends.
class EchoOff {
 public:
  explicit EchoOff(int fd) : fd_(fd) {
    if (::tcgetattr(fd_, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    active_ = ::tcsetattr(fd_, TCSAFLUSH, &quiet) == 0;
  }
  ~EchoOff() {
    if (active_) ::tcsetattr(fd_, TCSAFLUSH, &saved_);
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  int fd_;
  termios saved_{};
  bool active_ = false;
};

}  // namespace

Result<std::string> read_key_file(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
  if (!fd.valid()) return Status::from_errno("cannot open key file " + path);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return Status::from_errno("cannot stat key file " + path);
  if (!S_ISREG(st.st_mode)) return Status(Errc::Invalid, "key file " + path + " is not a regular file");
  if ((st.st_mode & 077) != 0) {
    return Status(Errc::Access, "key file " + path + " is accessible by group or others (mode " +
                                    octal_mode(st.st_mode) + "); refusing it: chmod 600 " + path);
  }
  Result<std::string> text = read_all(fd.get(), path);
  if (!text) return text.status();
  std::string key = first_line(*text);
  OPENSSL_cleanse(text->data(), text->size());  // a plain fill may be optimised away
  if (key.empty()) return Status(Errc::Invalid, "key file " + path + " holds no key on its first line");
  return key;
}

Result<std::string> prompt_for_key(const std::string& prompt) {
  std::cerr << prompt << std::flush;
  std::string key;
  bool got;
  {
    EchoOff quiet(STDIN_FILENO);
    got = static_cast<bool>(std::getline(std::cin, key));
  }
  std::cerr << "\n";
  if (!got) return Status(Errc::Io, "no lava key: standard input ended at the prompt");
  if (!key.empty() && key.back() == '\r') key.pop_back();
  if (key.empty()) return Status(Errc::Invalid, "no lava key: the answer at the prompt was empty");
  return key;
}

Result<std::string> resolve_lava_key(const KeySources& sources) {
  if (!sources.key.empty()) return sources.key;
  if (!sources.key_file.empty()) return read_key_file(sources.key_file);
  if (::access(sources.default_key_file.c_str(), F_OK) == 0) return read_key_file(sources.default_key_file);
  if (sources.may_prompt) return prompt_for_key("Lava key: ");
  return Status(Errc::Invalid, "no lava key: give --key, or --key-file FILE, or create " +
                                   sources.default_key_file + " (mode 0600)");
}

void hide_key_in_argv(int argc, char** argv, const std::string& key) {
  if (key.empty()) return;
  for (int i = 1; i < argc; ++i) {
    for (char* at = std::strstr(argv[i], key.c_str()); at != nullptr; at = std::strstr(at + key.size(), key.c_str()))
      std::memset(at, 'x', key.size());
  }
}

}  // namespace magma
