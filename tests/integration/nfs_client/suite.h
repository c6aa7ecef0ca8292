// What every suite of the NFS client shares: where the gateway is, who the client claims
// to be, and the connections and directories a suite works in.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "tests/integration/nfs_client/check.h"
#include "tests/integration/nfs_client/nfs2_client.h"
#include "tests/integration/nfs_client/rpc_session.h"

namespace magma::nfstest {

struct SuiteEnv {
  RpcTarget nfs;
  RpcTarget mount;
  // An empty directory of the lava (mode 0755) owned by uid:gid, which the suites mount
  // and work below; the test driver makes it through another door.
  std::string dir;
  uint32_t uid = 1000;
  uint32_t gid = 1000;
};

// One client: an NFS session and a MOUNT session with the same credentials.
struct Connection {
  std::unique_ptr<RpcSession> nfs_session;
  std::unique_ptr<RpcSession> mount_session;
  std::unique_ptr<Nfs2Client> nfs;
  std::unique_ptr<Mount1Client> mount;

  // AUTH_UNIX uid:gid on both sessions, or AUTH_NULL.
  void as_user(uint32_t uid, uint32_t gid);
  void as_nobody();
};

// Opens a connection as env's user; nullptr after a failed check.
std::unique_ptr<Connection> connect(const SuiteEnv& env, Tally& t);

// Mounts env.dir and makes the fresh subdirectory name in it (mode 0755); its handle,
// or nullopt after a failed check.
std::optional<Fh> work_dir(Connection& c, const SuiteEnv& env, Tally& t, std::string_view name);

// Deterministic bytes for file contents (no two 8 KiB blocks alike).
std::string pattern(size_t size, uint32_t seed);

// The mode bits of a type (NFSv2 attributes carry the S_IFMT bits too).
constexpr uint32_t kTypeBits = 0170000;

void run_mount_suite(const SuiteEnv& env, Tally& t);
void run_file_suite(const SuiteEnv& env, Tally& t);
void run_namespace_suite(const SuiteEnv& env, Tally& t);
void run_readdir_suite(const SuiteEnv& env, Tally& t);
void run_identity_suite(const SuiteEnv& env, Tally& t);

}  // namespace magma::nfstest
