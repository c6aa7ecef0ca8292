// Progress: how far a long magmactl command (fsck, rebalance) has come. On a terminal a
// bar redrawn in place ("\r"), at most every kRedraw; elsewhere (a pipe, a log) plain
// lines, one per tenth of the work and one per new stage, so logs stay short. The total
// may be an estimate: the share shown never passes 99% before finish().
//
// Plain object; not thread-safe: one thread drives it. Writes only to the stream it was
// given, which must outlive it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

namespace magma::tools {

// True when fd is a terminal (isatty), where a bar is drawn.
bool is_terminal(int fd);

class Progress {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  static constexpr std::chrono::milliseconds kRedraw{100};
  static constexpr size_t kBarWidth = 30;

  // what: the work, for every line ("fsck"). total: units expected (0: unknown: counts are
  // shown without a share). bar: draw a bar (a terminal) instead of lines. clock: for tests.
  Progress(std::ostream& out, std::string what, uint64_t total, bool bar,
           Clock clock = std::chrono::steady_clock::now);

  // A new stage ("scanning v1"): shown at once.
  void stage(std::string name);
  // units more are done.
  void advance(uint64_t units);
  // Ends the progress with a summary line (the bar is replaced by it).
  void finish(const std::string& summary);

  uint64_t done() const { return done_; }

 private:
  // The share done in percent, below 100 until finish(); -1 when the total is unknown.
  int percent() const;
  std::string text() const;
  void show(bool force);

  std::ostream& out_;
  const std::string what_;
  const uint64_t total_;
  const bool bar_;
  const Clock clock_;
  std::string stage_;
  uint64_t done_ = 0;
  int last_tenth_ = -1;         // lines: the last tenth written
  size_t drawn_ = 0;            // bar: length of the line on screen
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace magma::tools
