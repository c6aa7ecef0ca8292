// The command line of mount.magma, in both of its forms:
//   mount.magma --host=HOST[:PORT] [--key=K] [-o opts] [-f] [-d] MOUNTPOINT
//   mount.magma HOST[:PORT][:/subpath] MOUNTPOINT [-o opts] [-s] [-n] [-v]   (as mount(8)'s helper)
// HOST may be a bracketed IPv6 address ("[::1]:12000"). -o options are sorted into ours
// (port=, key=, key_file=), fstab-only ones that are dropped (_netdev, nofail, auto, ...)
// and the rest, which go to libfuse. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "libmagma/errc.h"
#include "libmagma/host_port.h"

namespace magma::fuse {

struct MountOptions {
  std::string host;
  uint16_t port = kDefaultFlarePort;
  std::string subpath = "/";  // normalised; the flare mounted as the root (within the share)
  std::string share;          // --share / -o share=: mount this share's root (magma-acl(5))
  std::string source;         // -o source=ADDRESS: the local address to connect from
  std::string mountpoint;
  // Where the lava key comes from (libmagma/lava_key.h): --key or key=, key_file=. Never
  // printed, never passed to libfuse.
  std::string key;
  std::string key_file;
  bool foreground = false;  // -f (and -d): do not daemonise
  bool debug = false;       // -d: libfuse's and our debug output
  bool help = false;
  bool version = false;
  std::vector<std::string> fuse_options;  // the user's -o options for libfuse, in order
};

// Parses args (the command line without argv[0]). Fails with Invalid and a message fit
// for the user: unknown option, missing or extra operand, bad port or host, bad subpath.
// With --help or --version nothing else is required.
Result<MountOptions> parse_mount_options(const std::vector<std::string>& args);

// The -o list for fuse_session_new: default_permissions, fsname=magma:HOST,
// subtype=magma, allow_other when running as root, then the user's own (which may
// override fsname). Comma-joined.
std::string fuse_option_string(const MountOptions& options, bool running_as_root);

// The usage text for --help.
std::string usage_text(const std::string& program);

}  // namespace magma::fuse
