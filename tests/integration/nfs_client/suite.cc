// Connections, work directories and file contents for the suites.
#include "tests/integration/nfs_client/suite.h"

namespace magma::nfstest {

void Connection::as_user(uint32_t uid, uint32_t gid) {
  nfs_session->set_unix_credentials(uid, gid);
  mount_session->set_unix_credentials(uid, gid);
}

void Connection::as_nobody() {
  nfs_session->set_null_credentials();
  mount_session->set_null_credentials();
}

std::unique_ptr<Connection> connect(const SuiteEnv& env, Tally& t) {
  auto c = std::make_unique<Connection>();
  std::string error;
  c->nfs_session = RpcSession::open(env.nfs, error);
  if (!t.check(c->nfs_session != nullptr, "connect to NFS", error)) return nullptr;
  c->mount_session = RpcSession::open(env.mount, error);
  if (!t.check(c->mount_session != nullptr, "connect to MOUNT", error)) return nullptr;
  c->nfs = std::make_unique<Nfs2Client>(*c->nfs_session);
  c->mount = std::make_unique<Mount1Client>(*c->mount_session);
  c->as_user(env.uid, env.gid);
  return c;
}

std::optional<Fh> work_dir(Connection& c, const SuiteEnv& env, Tally& t, std::string_view name) {
  MntReply root = c.mount->mnt(env.dir);
  if (!t.status(root, 0, "MNT " + env.dir)) return std::nullopt;
  DirOpReply made = c.nfs->mkdir(root.fh, name, with_mode(0755));
  if (!t.status(made, 0, "MKDIR work directory " + std::string(name))) return std::nullopt;
  return made.fh;
}

std::string pattern(size_t size, uint32_t seed) {
  std::string out(size, '\0');
  uint32_t x = seed * 2654435761u | 1;  // xorshift never leaves 0
  for (char& c : out) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>(x);
  }
  return out;
}

}  // namespace magma::nfstest
