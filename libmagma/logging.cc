// Logging sinks and debug channels on Boost.Log.
#include "libmagma/logging.h"

#include <array>
#include <atomic>
#include <boost/core/null_deleter.hpp>
#include <boost/log/core.hpp>
#include <boost/log/expressions.hpp>
#include <boost/log/sinks/sync_frontend.hpp>
#include <boost/log/sinks/basic_sink_backend.hpp>
#include <boost/log/sinks/text_ostream_backend.hpp>
#include <boost/log/support/date_time.hpp>
#include <boost/log/utility/setup/common_attributes.hpp>
#include <iostream>
#include <syslog.h>

namespace magma {
namespace {

namespace logging = boost::log;
namespace sinks = boost::log::sinks;
namespace expr = boost::log::expressions;

std::array<std::atomic<bool>, 128> g_channels{};

// Writes records with syslog(3), which journald also receives.
class SyslogBackend
    : public sinks::basic_formatted_sink_backend<char, sinks::concurrent_feeding> {
 public:
  void consume(const logging::record_view& rec, const std::string& text) {
    auto sev = rec[logging::trivial::severity];
    int priority = LOG_INFO;
    if (sev) {
      switch (*sev) {
        case logging::trivial::trace:
        case logging::trivial::debug: priority = LOG_DEBUG; break;
        case logging::trivial::info: priority = LOG_INFO; break;
        case logging::trivial::warning: priority = LOG_WARNING; break;
        case logging::trivial::error: priority = LOG_ERR; break;
        case logging::trivial::fatal: priority = LOG_CRIT; break;
      }
    }
    syslog(priority, "%s", text.c_str());
  }
};

}  // namespace

Logger& logger() {
  static Logger instance;
  return instance;
}

void set_debug_channel(char channel, bool on) {
  g_channels[static_cast<unsigned char>(channel) & 127].store(on, std::memory_order_relaxed);
}

bool debug_channel_enabled(char channel) {
  return g_channels[static_cast<unsigned char>(channel) & 127].load(std::memory_order_relaxed);
}

void init_logging(const LogOptions& options) {
  auto core = logging::core::get();
  core->remove_all_sinks();
  logging::add_common_attributes();
  if (options.to_stderr) {
    using Backend = sinks::text_ostream_backend;
    auto backend = boost::make_shared<Backend>();
    backend->add_stream(boost::shared_ptr<std::ostream>(&std::clog, boost::null_deleter()));
    backend->auto_flush(true);
    auto sink = boost::make_shared<sinks::synchronous_sink<Backend>>(backend);
    sink->set_formatter(expr::stream
                        << expr::format_date_time<boost::posix_time::ptime>("TimeStamp", "%H:%M:%S.%f")
                        << " " << options.program << " " << logging::trivial::severity << ": "
                        << expr::smessage);
    core->add_sink(sink);
  }
  if (options.to_syslog) {
    static std::string ident = options.program;  // openlog keeps the pointer
    openlog(ident.c_str(), LOG_PID, LOG_DAEMON);
    auto sink = boost::make_shared<sinks::synchronous_sink<SyslogBackend>>();
    sink->set_formatter(expr::stream << expr::smessage);
    core->add_sink(sink);
  }
  for (char c : options.debug_channels) {
    if (kDebugChannels.find(c) == std::string_view::npos) {
      MAGMA_LOG(warning) << "unknown debug channel '" << c << "' ignored";
      continue;
    }
    set_debug_channel(c, true);
  }
}

}  // namespace magma
