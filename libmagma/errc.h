// Error values shared by every part of Magma: the Errc code that travels on the wire,
// Status (code + message) and Result<T> (a value or a Status, shaped like std::expected).
// Errc converts to errno once per door (to_errno); syscalls fail into Errc (from_errno).
// All types here are plain values: copyable, thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace magma {

// Shaped like errno. The numeric values travel on the wire: never reuse or renumber one.
enum class Errc : uint16_t {
  Ok = 0,
  NotFound = 1,
  Exists = 2,
  NotDir = 3,
  IsDir = 4,
  NotEmpty = 5,
  Access = 6,
  ReadOnly = 7,
  NoSpace = 8,
  NameTooLong = 9,
  Stale = 10,
  Io = 11,
  Protocol = 12,
  Timeout = 13,
  Invalid = 14,
  Perm = 15,
  NoData = 16,      // no such extended attribute
  Range = 17,       // buffer or value too large
  TooBig = 18,      // file would exceed the largest size
  NotSupported = 19,
  Busy = 20,
  Loop = 21,
  Disconnected = 22,
  Moved = 23,  // the key is not (or no longer) this volcano's: refresh the topology, retry
};

// Returns the short name of e ("NotFound"), for logs.
const char* errc_name(Errc e);

// Maps an errno value to the nearest Errc; unknown values map to Io.
Errc from_errno(int err);

// Maps e to the errno a POSIX door returns (Ok → 0, unknown → EIO).
int to_errno(Errc e);

// Errc from the wire: unknown numbers become Protocol so a newer peer cannot confuse us.
Errc errc_from_wire(uint16_t v);

class Status {
 public:
  Status() = default;
  Status(Errc code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status ok() { return Status(); }
  // The error of the failed syscall named by what, from the current errno.
  static Status from_errno(const std::string& what);

  bool is_ok() const { return code_ == Errc::Ok; }
  Errc code() const { return code_; }
  const std::string& message() const { return message_; }
  // "NotFound: /a/b does not exist"
  std::string to_string() const;

 private:
  Errc code_ = Errc::Ok;
  std::string message_;
};

// Either a T or a non-ok Status. REQUIRES: never constructed from an ok Status.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Status error) : v_(std::move(error)) {}
  Result(Errc code, std::string message) : v_(Status(code, std::move(message))) {}

  bool is_ok() const { return v_.index() == 0; }
  explicit operator bool() const { return is_ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  // The error, or ok when there is a value (so any caller may ask).
  Status status() const { return is_ok() ? Status::ok() : std::get<1>(v_); }
  Errc code() const { return is_ok() ? Errc::Ok : status().code(); }

 private:
  std::variant<T, Status> v_;
};

// Returns from the enclosing function with the error of a failed Status or Result.
#define MAGMA_RETURN_IF_ERROR(expr)            \
  do {                                         \
    auto&& magma_r_ = (expr);                  \
    if (!magma_r_.is_ok()) return ::magma::detail::error_of(magma_r_); \
  } while (0)

namespace detail {
inline Status error_of(const Status& s) { return s; }
template <class T>
Status error_of(const Result<T>& r) { return r.status(); }
}  // namespace detail

}  // namespace magma
