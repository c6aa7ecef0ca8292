// LineReader: turns the bytes a telnet client sends into command lines. A line ends at
// LF, CR LF, CR NUL or a lone CR; telnet commands (IAC WILL/WONT/DO/DONT x, IAC SB ...
// IAC SE, and the two-byte ones) are dropped, IAC IAC is a literal 0xFF. A line longer
// than its bound is reported once as too long and its bytes are dropped up to its end, so
// no input makes the reader hold more than the bound. Plain value; not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace magma::server::console {

constexpr size_t kMaxLineBytes = 4096;

struct ReadLine {
  std::string text;         // without its end of line; empty when too_long
  bool too_long = false;    // the line passed the bound; its bytes are gone
};

class LineReader {
 public:
  explicit LineReader(size_t max_line = kMaxLineBytes) : max_line_(max_line) {}

  // Consumes bytes up to and including the end of the next line and returns that line,
  // or nullopt with every byte consumed when no line ended. Call again with the rest of
  // bytes (advanced by what was consumed): bytes is advanced in place.
  std::optional<ReadLine> next(std::span<const uint8_t>& bytes);

 private:
  enum class State : uint8_t { Data, Cr, Iac, Option, Sub, SubIac };

  // Whether byte b ended a line (then line_ holds it).
  bool take(uint8_t b);
  void append(uint8_t b);

  const size_t max_line_;
  State state_ = State::Data;
  std::string line_;
  bool overflow_ = false;  // the current line passed max_line_
};

}  // namespace magma::server::console
