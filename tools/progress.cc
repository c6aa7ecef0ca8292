// Progress: a bar on a terminal, plain lines elsewhere.
#include "tools/progress.h"

#include <unistd.h>

#include <algorithm>

namespace magma::tools {

bool is_terminal(int fd) { return ::isatty(fd) == 1; }

Progress::Progress(std::ostream& out, std::string what, uint64_t total, bool bar, Clock clock)
    : out_(out), what_(std::move(what)), total_(total), bar_(bar), clock_(std::move(clock)) {}

void Progress::stage(std::string name) {
  stage_ = std::move(name);
  show(true);
}

void Progress::advance(uint64_t units) {
  done_ += units;
  show(false);
}

void Progress::finish(const std::string& summary) {
  if (bar_ && drawn_ > 0) out_ << "\r" << std::string(drawn_, ' ') << "\r";
  out_ << what_ << ": " << summary << "\n" << std::flush;
  drawn_ = 0;
}

int Progress::percent() const {
  if (total_ == 0) return -1;
  return static_cast<int>(std::min<uint64_t>(99, done_ * 100 / total_));
}

std::string Progress::text() const {
  std::string line = what_ + ": ";
  const int pc = percent();
  if (bar_ && pc >= 0) {
    size_t filled = kBarWidth * static_cast<size_t>(pc) / 100;
    line += "[" + std::string(filled, '#') + std::string(kBarWidth - filled, '.') + "] ";
  }
  if (pc >= 0) line += std::to_string(pc) + "% ";
  line += "(" + std::to_string(done_) + ")";
  if (!stage_.empty()) line += " " + stage_;
  return line;
}

void Progress::show(bool force) {
  if (!bar_) {
    const int tenth = percent() / 10;
    if (!force && tenth <= last_tenth_) return;
    last_tenth_ = std::max(last_tenth_, tenth);
    out_ << text() << "\n" << std::flush;
    return;
  }
  const auto now = clock_();
  if (!force && now - last_draw_ < kRedraw) return;
  last_draw_ = now;
  std::string line = text();
  const size_t width = line.size();
  if (width < drawn_) line += std::string(drawn_ - width, ' ');  // wipe a longer line
  out_ << "\r" << line << std::flush;
  drawn_ = width;
}

}  // namespace magma::tools
