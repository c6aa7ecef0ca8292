// Logging through Boost.Log: one call at startup chooses the sinks (stderr, syslog) and
// the debug channels; MAGMA_LOG and MAGMA_DEBUG write records from any thread.
//
// Debug channels are single letters, as magmad's -D option takes them:
//   b boot/config, n network, p protocol frames, f flare operations, s SQL statements,
//   u FUSE requests.
// Warnings and errors are always written; debug records only for enabled channels.
#pragma once

#include <boost/log/sources/record_ostream.hpp>
#include <boost/log/sources/severity_logger.hpp>
#include <boost/log/trivial.hpp>
#include <string>
#include <string_view>

namespace magma {

constexpr std::string_view kDebugChannels = "bnpfsu";

struct LogOptions {
  std::string program;           // tag for syslog and the stderr prefix
  std::string debug_channels;    // letters from kDebugChannels
  bool to_stderr = true;
  bool to_syslog = false;
};

// Installs the sinks. Call once from main before threads start. Unknown channel letters
// are ignored with a warning.
void init_logging(const LogOptions& options);

// Enables or disables one channel at run time (thread-safe).
void set_debug_channel(char channel, bool on);
bool debug_channel_enabled(char channel);

using Logger = boost::log::sources::severity_logger_mt<boost::log::trivial::severity_level>;
Logger& logger();

}  // namespace magma

#define MAGMA_LOG(sev) BOOST_LOG_SEV(::magma::logger(), ::boost::log::trivial::sev)
// Writes a debug record on channel ch only when that channel is enabled; the stream
// expression is not evaluated otherwise.
#define MAGMA_DEBUG(ch) \
  if (!::magma::debug_channel_enabled(ch)) {} else MAGMA_LOG(debug) << "[" << (ch) << "] "
