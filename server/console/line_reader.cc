// The telnet line reader: a small state machine over the NVT byte stream (RFC 854).
#include "server/console/line_reader.h"

namespace magma::server::console {

namespace {
// Telnet command bytes (RFC 854).
constexpr uint8_t kIac = 255, kSb = 250, kSe = 240, kWill = 251, kDont = 254;
constexpr uint8_t kCr = '\r', kLf = '\n', kNul = 0;
}  // namespace

std::optional<ReadLine> LineReader::next(std::span<const uint8_t>& bytes) {
  size_t used = 0;
  while (used < bytes.size()) {
    if (take(bytes[used++])) {
      bytes = bytes.subspan(used);
      ReadLine line{overflow_ ? std::string() : std::move(line_), overflow_};
      line_.clear();
      overflow_ = false;
      return line;
    }
  }
  bytes = bytes.subspan(used);
  return std::nullopt;
}

bool LineReader::take(uint8_t b) {
  switch (state_) {
    case State::Cr:
      state_ = State::Data;
      // CR LF and CR NUL end one line, not two.
      if (b == kLf || b == kNul) return false;
      return take(b);
    case State::Iac:
      state_ = State::Data;
      if (b == kIac) append(b);  // IAC IAC: a data byte 255
      else if (b >= kWill && b <= kDont) state_ = State::Option;
      else if (b == kSb) state_ = State::Sub;
      return false;  // any other two-byte command is dropped
    case State::Option:
      state_ = State::Data;  // the option's code
      return false;
    case State::Sub:
      if (b == kIac) state_ = State::SubIac;
      return false;
    case State::SubIac:
      state_ = b == kSe ? State::Data : State::Sub;
      return false;
    case State::Data:
      break;
  }
  if (b == kIac) {
    state_ = State::Iac;
    return false;
  }
  if (b == kCr) {
    state_ = State::Cr;
    return true;
  }
  if (b == kLf) return true;
  append(b);
  return false;
}

void LineReader::append(uint8_t b) {
  if (overflow_) return;
  if (line_.size() == max_line_) {
    overflow_ = true;
    line_.clear();
    line_.shrink_to_fit();
    return;
  }
  line_.push_back(static_cast<char>(b));
}

}  // namespace magma::server::console
