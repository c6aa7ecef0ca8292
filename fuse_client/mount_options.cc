// The command line of mount.magma: both forms, -o sorting, the FUSE option string.
#include "fuse_client/mount_options.h"

#include <boost/asio/ip/address.hpp>
#include <array>
#include <optional>
#include <string_view>

#include "libmagma/host_port.h"
#include "libmagma/path.h"

namespace magma::fuse {
namespace {

Status invalid(const std::string& message) { return Status(Errc::Invalid, message); }

// HOST[:PORT] into out; the port stays as it is when HOST has none.
Status set_host_port(std::string_view text, MountOptions& out) {
  Result<Endpoint> ep = parse_host_port(text, out.port);
  if (!ep) return ep.status();
  out.host = std::move(ep->host);
  out.port = ep->port;
  return Status::ok();
}

// "HOST[:PORT][:/subpath]": the subpath starts at the first ":/" outside brackets.
Status parse_spec(std::string_view spec, MountOptions& out) {
  size_t search_from = spec.empty() || spec.front() != '[' ? 0 : spec.find(']');
  size_t at = search_from == std::string_view::npos ? search_from : spec.find(":/", search_from);
  if (at == std::string_view::npos) return set_host_port(spec, out);
  Result<std::string> subpath = normalise_path(spec.substr(at + 1));
  if (!subpath) return invalid("bad subpath in '" + std::string(spec) + "'");
  out.subpath = *subpath;
  return set_host_port(spec.substr(0, at), out);
}

// Options that only mean something to mount(8) or fstab: accepted and dropped.
bool is_fstab_only(std::string_view o) {
  static constexpr std::array<std::string_view, 10> kDropped = {
      "defaults", "auto",  "noauto", "user",    "nouser",
      "users",    "owner", "group",  "_netdev", "nofail"};
  for (std::string_view d : kDropped) {
    if (o == d) return true;
  }
  return o.starts_with("x-") || o.starts_with("comment=");
}

// What the command line said, before the operands are sorted out.
struct Parsed {
  MountOptions out;
  bool host_given = false;
  std::optional<uint16_t> port_option;  // -o port=N: wins over a port in HOST:PORT
  std::vector<std::string> operands;
};

Status add_o_options(std::string_view list, Parsed& p) {
  MountOptions& out = p.out;
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view o = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    if (o.empty() || is_fstab_only(o)) continue;
    if (o.starts_with("port=")) {
      Result<uint16_t> port = parse_port(o.substr(5));
      if (!port) return port.status();
      p.port_option = *port;
    } else if (o.starts_with("key=")) {
      out.key = std::string(o.substr(4));
    } else if (o.starts_with("key_file=")) {
      out.key_file = std::string(o.substr(9));
    } else if (o.starts_with("share=")) {
      out.share = std::string(o.substr(6));
    } else if (o.starts_with("source=")) {
      out.source = std::string(o.substr(7));
      boost::system::error_code ec;
      boost::asio::ip::make_address(out.source, ec);
      if (ec) return invalid("source=" + out.source + " is not an IP address");
    } else {
      out.fuse_options.emplace_back(o);
    }
  }
  return Status::ok();
}

// True for "--name" and "--name=value".
bool is_long(std::string_view arg, std::string_view name) {
  return arg.starts_with(name) && (arg.size() == name.size() || arg[name.size()] == '=');
}

// The value of "--name=value" or of "--name value" (consuming the next argument).
Result<std::string> long_value(const std::vector<std::string>& args, size_t& i,
                               std::string_view name) {
  std::string_view arg = args[i];
  if (arg.size() > name.size()) return std::string(arg.substr(name.size() + 1));
  if (i + 1 >= args.size()) return invalid(std::string(name) + " needs a value");
  return args[++i];
}

// Handles args[i], an option (consuming its value if any) or an operand.
Status parse_one(const std::vector<std::string>& args, size_t& i, Parsed& p) {
  MountOptions& out = p.out;
  std::string_view a = args[i];
  if (a == "-h" || a == "--help") {
    out.help = true;
  } else if (a == "-V" || a == "--version") {
    out.version = true;
  } else if (a == "-f") {
    out.foreground = true;
  } else if (a == "-d") {
    out.debug = out.foreground = true;
  } else if (a == "-s" || a == "-n" || a == "-v") {
    // mount(8)'s sloppy, no-mtab and verbose flags: nothing to do.
  } else if (is_long(a, "--host")) {
    Result<std::string> v = long_value(args, i, "--host");
    if (!v) return v.status();
    p.host_given = true;
    return set_host_port(*v, out);
  } else if (is_long(a, "--share")) {
    Result<std::string> v = long_value(args, i, "--share");
    if (!v) return v.status();
    out.share = *v;
  } else if (is_long(a, "--key")) {
    Result<std::string> v = long_value(args, i, "--key");
    if (!v) return v.status();
    out.key = *v;
  } else if (a == "-o" || a == "-t" || a == "-N") {
    if (i + 1 >= args.size()) return invalid(std::string(a) + " needs a value");
    ++i;
    if (a == "-o") return add_o_options(args[i], p);
    if (a == "-N") return invalid("-N (mount namespaces) is not supported");
  } else if (a.starts_with("-o")) {
    return add_o_options(a.substr(2), p);
  } else if (a.size() > 1 && a.front() == '-') {
    return invalid("unknown option '" + std::string(a) + "'");
  } else {
    p.operands.push_back(args[i]);
  }
  return Status::ok();
}

}  // namespace

Result<MountOptions> parse_mount_options(const std::vector<std::string>& args) {
  Parsed p;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--") {
      p.operands.insert(p.operands.end(), args.begin() + i + 1, args.end());
      break;
    }
    MAGMA_RETURN_IF_ERROR(parse_one(args, i, p));
  }
  MountOptions& out = p.out;
  if (out.help || out.version) return out;
  size_t wanted = p.host_given ? 1 : 2;
  if (p.operands.size() != wanted) {
    return invalid(p.host_given ? "expected one MOUNTPOINT after --host"
                                : "expected HOST[:PORT][:/subpath] MOUNTPOINT (or --host)");
  }
  if (!p.host_given) MAGMA_RETURN_IF_ERROR(parse_spec(p.operands[0], out));
  if (p.port_option) out.port = *p.port_option;
  out.mountpoint = p.operands.back();
  return out;
}

std::string fuse_option_string(const MountOptions& options, bool running_as_root) {
  // default_permissions: the kernel checks the caller against our mode, uid and gid.
  std::string s = "default_permissions,subtype=magma,fsname=magma:" + options.host;
  // As root, the mount serves every user (the kernel still checks their permissions).
  if (running_as_root) s += ",allow_other";
  for (const std::string& o : options.fuse_options) s += "," + o;
  return s;
}

std::string usage_text(const std::string& program) {
  return "usage: " + program + " --host=HOST[:PORT] [--key=KEY] [-o OPTIONS] [-f] [-d] MOUNTPOINT\n"
         "       " + program + " HOST[:PORT][:/SUBPATH] MOUNTPOINT [-o OPTIONS]\n"
         "\n"
         "Mounts a Magma lava (through the volcano at HOST, port " +
         std::to_string(kDefaultFlarePort) + " by default) at MOUNTPOINT.\n"
         "\n"
         "  --host=HOST[:PORT]  volcano to connect to ([V6ADDR]:PORT for IPv6)\n"
         "  --share=NAME        mount the share NAME (magma-acl(5)); SUBPATH is then inside it\n"
         "  --key=KEY           the lava key (briefly visible to ps: prefer key_file=)\n"
         "  -o OPTIONS          comma-separated mount options:\n"
         "                        port=N, share=NAME, source=ADDRESS (to connect from),\n"
         "                        key=KEY, key_file=PATH (mode 0600; default /etc/magma/secret;\n"
         "                        with no key at all, a prompt when stdin is a terminal),\n"
         "                        fstab options (_netdev, nofail, auto, ...) are ignored,\n"
         "                        anything else goes to FUSE (see below)\n"
         "  -f                  stay in the foreground\n"
         "  -d                  debug output (implies -f)\n"
         "  -h, --help          this help\n"
         "  -V, --version       version\n";
}

}  // namespace magma::fuse
