// magmad's settings: Boost.Program_options for the command line, libmagma's config file
// parser for magmad.conf, with file:line errors.
#include "server/magmad_options.h"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <boost/asio/ip/address.hpp>
#include <boost/program_options.hpp>
#include <cstring>
#include <iostream>
#include <sstream>
#include <utility>
#include <vector>

#include "libmagma/config_file.h"
#include "libmagma/logging.h"

namespace magma::server {

namespace po = boost::program_options;

namespace {

std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "volcano";
  return buf;
}

// A number setting's value: decimal digits within T, read with from_chars. Not Boost's
// lexical_cast, which takes "-1" for T's largest value and, for a 16-bit T, overflows an
// int (undefined behaviour) on text such as "/12000".
template <class T>
struct Number {
  T value{};
};

// Boost.Program_options finds this by argument-dependent lookup when it reads a Number.
template <class T>
void validate(boost::any& out, const std::vector<std::string>& values, Number<T>*, int) {
  const std::string& text = po::validators::get_single_string(values);
  Number<T> n;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n.value);
  if (ec != std::errc() || end != text.data() + text.size()) throw po::invalid_option_value(text);
  out = n;
}

template <class T>
po::typed_value<Number<T>>* number(T& out) {
  return po::value<Number<T>>()->notifier([&out](const Number<T>& n) { out = n.value; });
}

// Settings a config file may hold: every option that takes a value.
po::options_description value_options(MagmadOptions& o) {
  po::options_description d("Settings (also valid in the config file, without dashes)");
  d.add_options()
      ("nickname,n", po::value(&o.nickname), "this volcano's name in the lava (default: host name)")
      ("fqdn,s", po::value(&o.fqdn), "fully qualified name other volcanos use to reach this one")
      ("key-file", po::value(&o.key_file), "read the lava key from this file, mode 0600 (default /etc/magma/secret)")
      ("bind,i", po::value(&o.bind), "address to listen on (default 0.0.0.0)")
      ("port,p", number(o.port), "flare protocol port (default 12000)")
      ("node-port", number(o.node_port), "port for the other volcanos (default: the flare port + 1)")
      ("storage,d", po::value(&o.storage), "storage directory (default /var/lib/magma)")
      ("shares", po::value(&o.shares), "directory of the share files, see magma-acl(5) (default /etc/magma/shares.d)")
      ("debug,D", po::value(&o.debug), "debug channels: b boot, n network, p protocol, f flare ops, s SQL")
      ("nfs", po::value(&o.nfs)->implicit_value(true), "serve the NFSv2 gateway (NFS v2 and MOUNT v1; off by default)")
      ("nfs-port", number(o.nfs_port), "NFS port, UDP and TCP (default 2049)")
      ("mount-port", number(o.mount_port), "MOUNT port, UDP and TCP (default 20048; may equal the NFS port)")
      ("nfs-threads", number(o.nfs_threads), "threads that run NFS calls, per port (default 8)")
      ("nfs-rpcbind", po::value(&o.nfs_rpcbind), "register the NFS gateway with rpcbind (default yes)")
      ("console", po::value(&o.console), "serve the telnet console (default yes; 'no' turns it off)")
      ("console-bind", po::value(&o.console_bind), "address the console listens on (default 127.0.0.1, or -i when that is loopback)")
      ("console-port", number(o.console_port), "console port (default: the flare port + 2)");
  return d;
}

po::options_description switch_options(MagmadOptions& o, std::string& config, std::string& join,
                                       bool& all_debug) {
  po::options_description d("Command line only");
  d.add_options()
      // Not a setting: a config file is usually world-readable, a key file must not be.
      ("key,k", po::value(&o.secret), "the lava key (visible to ps for a moment: prefer --key-file)")
      ("bootstrap,b", po::bool_switch(&o.bootstrap), "start a new lava owning the whole key ring")
      ("join,r", po::value(&join), "join the lava of the volcano at HOST[:PORT] (its flare port)")
      ("all-debug,A", po::bool_switch(&all_debug), "enable every debug channel")
      ("syslog", po::bool_switch(&o.syslog), "also log to syslog")
      ("config,c", po::value(&config), "config file (default /etc/magma/magmad.conf)")
      ("help,h", "print this help");
  return d;
}

// Applies the config file's entries that the command line did not set.
Status apply_config_file(const std::string& path, bool required, const po::options_description& settings,
                         po::variables_map& vm) {
  auto entries = read_config_file(path);
  if (!entries) {
    if (entries.code() == Errc::NotFound && !required) return Status::ok();
    return entries.status();
  }
  for (const ConfigEntry& e : *entries) {
    std::string where = path + ":" + std::to_string(e.line) + ": ";
    std::string name = e.key;
    std::replace(name.begin(), name.end(), '_', '-');
    if (!settings.find_nothrow(name, false))
      return Status(Errc::Invalid, where + "unknown setting '" + e.key + "'");
    std::vector<std::string> arg{"--" + name + "=" + e.value};
    try {
      po::store(po::command_line_parser(arg).options(settings).run(), vm);
    } catch (const po::error&) {
      // The setting exists, so its value is what is wrong. Worded here, not by what():
      // Boost 1.74 replaces "%value%" in its message with the value until none is left,
      // forever when the value itself holds "%value%".
      return Status(Errc::Invalid, where + "bad value '" + e.value + "' for '" + e.key + "'");
    }
  }
  return Status::ok();
}

void hide_secret_in_argv(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    char* a = argv[i];
    char* value = nullptr;
    if ((!strcmp(a, "-k") || !strcmp(a, "--key")) && i + 1 < argc) value = argv[i + 1];
    else if (!strncmp(a, "--key=", 6)) value = a + 6;
    else if (!strncmp(a, "-k", 2) && a[2]) value = a + 2;
    if (value) memset(value, 'x', strlen(value));
  }
}

// The gateway's ports share the volcano's address with the flare and node ports.
Status check_nfs(const MagmadOptions& o) {
  for (auto [name, port] : {std::pair{"NFS", o.nfs_port}, std::pair{"MOUNT", o.mount_port}}) {
    std::string which = std::string("the ") + name + " port";
    if (port == 0) return Status(Errc::Invalid, which + " must not be 0");
    if (port == o.port || port == o.node_port)
      return Status(Errc::Invalid, which + " must differ from the flare and node ports (" + std::to_string(port) + ")");
  }
  if (o.nfs_threads < 1 || o.nfs_threads > kMaxNfsThreads)
    return Status(Errc::Invalid, "nfs-threads must lie in [1, " + std::to_string(kMaxNfsThreads) + "]");
  return Status::ok();
}

bool is_loopback(const std::string& address) {
  boost::system::error_code ec;
  auto parsed = boost::asio::ip::make_address(address, ec);
  return !ec && parsed.is_loopback();
}

// The console's port is the volcano's too; its address may differ from the others'.
Status check_console(const MagmadOptions& o) {
  if (o.console_port == 0) return Status(Errc::Invalid, "the console port must not be 0 (give --console-port)");
  std::vector<uint16_t> taken{o.port, o.node_port};
  if (o.nfs) taken.insert(taken.end(), {o.nfs_port, o.mount_port});
  if (std::find(taken.begin(), taken.end(), o.console_port) != taken.end())
    return Status(Errc::Invalid, "the console port must differ from the volcano's other ports (" +
                                     std::to_string(o.console_port) + ")");
  return Status::ok();
}

// The checks no single option can make.
Status check_combination(const MagmadOptions& o) {
  if (o.port == 0) return Status(Errc::Invalid, "the flare port must not be 0");
  if (o.node_port == 0) return Status(Errc::Invalid, "the node port must not be 0 (give --node-port with -p 65535)");
  if (o.port == o.node_port)
    return Status(Errc::Invalid, "the flare port and the node port must differ (both " + std::to_string(o.port) + ")");
  if (o.bootstrap && o.join) return Status(Errc::Invalid, "-b starts a new lava, -r joins one: give one of them");
  if (o.console) MAGMA_RETURN_IF_ERROR(check_console(o));
  return o.nfs ? check_nfs(o) : Status::ok();
}

}  // namespace

Result<MagmadOptions> parse_magmad_options(int argc, char** argv) {
  MagmadOptions o;
  std::string config, join;
  bool all_debug = false;
  po::options_description settings = value_options(o);
  po::options_description all("Usage: magmad [options]\n\nA Magma volcano: stores its slice of the lava and serves it");
  all.add(settings).add(switch_options(o, config, join, all_debug));
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, all), vm);
  } catch (const po::error& e) {
    return Status(Errc::Invalid, e.what());
  }
  hide_secret_in_argv(argc, argv);
  if (vm.count("help")) {
    std::cout << all << "\n";
    o.help = true;
    return o;
  }
  bool explicit_config = vm.count("config") > 0;
  std::string config_path = explicit_config ? vm["config"].as<std::string>() : kDefaultConfigPath;
  MAGMA_RETURN_IF_ERROR(apply_config_file(config_path, explicit_config, settings, vm));
  try {
    po::notify(vm);
  } catch (const po::error& e) {
    return Status(Errc::Invalid, e.what());
  }
  if (all_debug) o.debug = std::string(kDebugChannels);
  if (o.nickname.empty()) o.nickname = host_name();
  if (o.fqdn.empty()) o.fqdn = host_name();
  if (!vm.count("node-port")) o.node_port = o.port == 65535 ? 0 : o.port + 1;
  if (!vm.count("console-port")) o.console_port = o.port > 65533 ? 0 : o.port + 2;
  // A volcano bound to one loopback address (127.0.0.2, as several volcanos on one host
  // are) keeps its console there: on 127.0.0.1 their consoles would take the same port.
  if (!vm.count("console-bind") && is_loopback(o.bind)) o.console_bind = o.bind;
  if (vm.count("join")) {
    Result<Endpoint> target = parse_host_port(join);
    if (!target) return Status(Errc::Invalid, "-r: " + target.status().message());
    o.join = std::move(*target);
  }
  MAGMA_RETURN_IF_ERROR(check_combination(o));
  return o;
}

}  // namespace magma::server
