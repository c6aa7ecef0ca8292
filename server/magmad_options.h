// magmad's settings: the command line (compatible with the 2015 original's letters) and
// the config file (/etc/magma/magmad.conf by default), command line first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "libmagma/errc.h"
#include "libmagma/host_port.h"

namespace magma::server {

constexpr const char* kDefaultConfigPath = "/etc/magma/magmad.conf";
constexpr const char* kDefaultStorageDir = "/var/lib/magma";
constexpr const char* kDefaultSharesDir = "/etc/magma/shares.d";
constexpr uint16_t kDefaultNodePort = kDefaultFlarePort + 1;
constexpr uint16_t kDefaultConsolePort = kDefaultFlarePort + 2;
constexpr const char* kDefaultConsoleBind = "127.0.0.1";  // loopback: see server/console/console_access.h
constexpr uint16_t kDefaultNfsPort = 2049;     // NFS's registered port
constexpr uint16_t kDefaultMountPort = 20048;  // mountd's registered port
constexpr size_t kDefaultNfsThreads = 8;
constexpr size_t kMaxNfsThreads = 256;

struct MagmadOptions {
  std::string nickname;     // -n; default: the host name
  std::string fqdn;         // -s; default: the host name
  std::string secret;       // -k (command line only); never logged
  std::string key_file;     // --key-file; empty: libmagma/lava_key.h's default file
  std::string bind = "0.0.0.0";  // -i
  uint16_t port = kDefaultFlarePort;  // -p
  uint16_t node_port = kDefaultNodePort;  // --node-port (default: port + 1): for volcanos
  bool bootstrap = false;   // -b
  std::optional<Endpoint> join;  // -r HOST[:PORT]: a volcano's flare port
  std::string storage = kDefaultStorageDir;  // -d
  std::string shares = kDefaultSharesDir;    // --shares: the share files (magma-acl(5))
  std::string debug;        // -D letters
  bool syslog = false;      // also log to syslog
  bool nfs = false;         // --nfs: serve the NFSv2 gateway (NFS and MOUNT)
  uint16_t nfs_port = kDefaultNfsPort;      // --nfs-port
  uint16_t mount_port = kDefaultMountPort;  // --mount-port; may equal the NFS port
  size_t nfs_threads = kDefaultNfsThreads;  // --nfs-threads: workers per gateway port
  bool nfs_rpcbind = true;  // --nfs-rpcbind: register the gateway with rpcbind
  bool console = true;      // --console: serve the telnet console
  std::string console_bind = kDefaultConsoleBind;  // --console-bind
  uint16_t console_port = kDefaultConsolePort;     // --console-port (default: the flare port + 2)
  bool help = false;        // -h: usage was printed, nothing else to do
};

// Parses argv and then the config file (-c, or kDefaultConfigPath if it exists); a
// setting on the command line wins over the file, whose keys may spell '-' as '_'
// (node_port). Fails with Invalid and a one-line reason ("magmad.conf:3: unknown setting
// 'prot'", "-p: 'x' is not a port", -b with -r, equal flare and node ports, with --nfs
// an NFS or MOUNT port of 0 or equal to the flare or node port, nfs-threads out of
// [1, kMaxNfsThreads], with the console a console port of 0 or equal to another port).
// Writes usage to stdout for -h. Overwrites the secret's bytes in argv so that ps does
// not show it.
Result<MagmadOptions> parse_magmad_options(int argc, char** argv);

}  // namespace magma::server
