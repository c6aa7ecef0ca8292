// nfs_client: an independent NFS v2 / MOUNT v1 client (libnfs) for magmad's gateway.
//
//   nfs_client [--udp] [--host H] --nfs-port N --mount-port M [--uid U --gid G] suite DIR
//       runs every suite in DIR (an empty directory of the lava owned by U:G, mode 0755)
//       and ends with "N passed, N failed"; exit 0 only if nothing failed.
//   nfs_client ... put PATH < data      writes stdin to the file PATH (created 0644)
//   nfs_client ... get PATH > data      writes the file PATH to stdout
// put and get mount PATH's parent directory: they move data between the doors of a lava.
#include <cstdio>
#include <cstring>
#include <iostream>
#include <iterator>
#include <string>

#include "tests/integration/nfs_client/suite.h"

using namespace magma::nfstest;

namespace {

struct Args {
  SuiteEnv env;
  std::string command;
  std::string operand;
};

bool parse(int argc, char** argv, Args& a) {
  a.env.nfs = {"127.0.0.1", 0, NFS_PROGRAM, NFS_V2, false};
  a.env.mount = {"127.0.0.1", 0, MOUNT_PROGRAM, MOUNT_V1, false};
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    bool has_value = i + 1 < argc;
    if (arg == "--udp") a.env.nfs.udp = a.env.mount.udp = true;
    else if (arg == "--host" && has_value) a.env.nfs.host = a.env.mount.host = argv[++i];
    else if (arg == "--nfs-port" && has_value) a.env.nfs.port = std::stoi(argv[++i]);
    else if (arg == "--mount-port" && has_value) a.env.mount.port = std::stoi(argv[++i]);
    else if (arg == "--uid" && has_value) a.env.uid = std::stoul(argv[++i]);
    else if (arg == "--gid" && has_value) a.env.gid = std::stoul(argv[++i]);
    else if (a.command.empty()) a.command = arg;
    else if (a.operand.empty()) a.operand = arg;
    else return false;
  }
  return a.env.nfs.port > 0 && a.env.mount.port > 0 && !a.operand.empty() &&
         (a.command == "suite" || a.command == "put" || a.command == "get");
}

int run_suites(const SuiteEnv& env) {
  Tally t;
  std::printf("# NFS v2 over %s, NFS port %d, MOUNT port %d, in %s\n", env.nfs.udp ? "UDP" : "TCP", env.nfs.port,
              env.mount.port, env.dir.c_str());
  run_mount_suite(env, t);
  run_file_suite(env, t);
  run_namespace_suite(env, t);
  run_readdir_suite(env, t);
  run_identity_suite(env, t);
  std::printf("%d passed, %d failed\n", t.passed(), t.failed());
  return t.failed() == 0 && t.passed() > 0 ? 0 : 1;
}

// The handle of PATH's parent (mounted) and PATH's last component.
bool open_parent(Connection& c, const std::string& path, Fh& dir, std::string& name) {
  size_t slash = path.rfind('/');
  std::string parent = slash == 0 ? "/" : path.substr(0, slash);
  name = path.substr(slash + 1);
  MntReply m = c.mount->mnt(parent);
  if (!m.ok()) std::cerr << "nfs_client: MNT " << parent << ": status " << m.status << " " << m.rpc_error << "\n";
  dir = m.fh;
  return m.ok();
}

int put(Connection& c, const std::string& path) {
  Fh dir;
  std::string name;
  if (!open_parent(c, path, dir, name)) return 1;
  std::string data{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
  DirOpReply f = c.nfs->create(dir, name, with_mode(0644));
  for (size_t off = 0; f.ok() && off < data.size(); off += kMaxLibnfsWrite) {
    AttrReply w = c.nfs->write(f.fh, off, std::string_view(data).substr(off, kMaxLibnfsWrite));
    f.status = w.status;
    f.rpc_error = w.rpc_error;
  }
  if (!f.ok()) std::cerr << "nfs_client: put " << path << ": status " << f.status << " " << f.rpc_error << "\n";
  return f.ok() ? 0 : 1;
}

int get(Connection& c, const std::string& path) {
  Fh dir;
  std::string name;
  if (!open_parent(c, path, dir, name)) return 1;
  DirOpReply f = c.nfs->lookup(dir, name);
  for (uint32_t off = 0; f.ok() && off < f.attr.size;) {
    ReadReply r = c.nfs->read(f.fh, off, NFSMAXDATA2);
    if (!r.ok() || r.data.empty()) {
      f.status = r.ok() ? -1 : r.status;
      f.rpc_error = r.rpc_error;
      break;
    }
    std::fwrite(r.data.data(), 1, r.data.size(), stdout);
    off += r.data.size();
  }
  if (!f.ok()) std::cerr << "nfs_client: get " << path << ": status " << f.status << " " << f.rpc_error << "\n";
  return f.ok() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  if (!parse(argc, argv, a)) {
    std::cerr << "usage: nfs_client [--udp] [--host H] --nfs-port N --mount-port M [--uid U --gid G] "
                 "(suite DIR | put PATH | get PATH)\n";
    return 2;
  }
  if (a.command == "suite") {
    a.env.dir = a.operand;
    return run_suites(a.env);
  }
  Tally quiet(true);  // stdout carries get's data
  auto c = connect(a.env, quiet);
  if (!c) return 1;
  return a.command == "put" ? put(*c, a.operand) : get(*c, a.operand);
}
