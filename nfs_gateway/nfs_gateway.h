// NfsGateway: magmad's NFSv2 door. It puts the NFS v2 program (nfs_program.h) and the
// MOUNT v1 program (mount_program.h) on the network: one RpcServer (UDP and TCP) per
// distinct port, so when the MOUNT port equals the NFS port one server answers both.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "libmagma/errc.h"
#include "libmagma/key.h"
#include "nfs_gateway/nfs_export.h"

namespace magma::server {
class FlareService;
}

namespace magma::nfs {

namespace rpc {
class RpcServer;
}
class MountProgram;
class MountTable;

struct NfsGatewayOptions {
  std::string bind = "0.0.0.0";  // address of both programs, UDP and TCP
  uint16_t nfs_port = 2049;      // 0: any free port (tests)
  uint16_t mount_port = 20048;   // equal to nfs_port (0 included): served by the same server
  bool rpcbind = true;           // register both programs with rpcbind when it runs
  size_t threads = 8;            // worker threads per server: one slow call stalls no other
};

class NfsGateway {
 public:
  // Serves the shares that shares gives (nfs_export.h) through service. Fails with Io
  // naming the address when a port cannot be bound (in use, no permission).
  static Result<std::unique_ptr<NfsGateway>> start(server::FlareService& service, const NfsGatewayOptions& options,
                                                   ShareSource shares, KeyFunction key_of = sha1_key);
  ~NfsGateway();  // stop()
  NfsGateway(const NfsGateway&) = delete;
  NfsGateway& operator=(const NfsGateway&) = delete;

  // The bound ports (the chosen ones for port 0).
  uint16_t nfs_port() const;
  uint16_t mount_port() const;
  const MountTable& mounts() const;

  // Stops both servers: no new call is read, the running ones finish, rpcbind forgets
  // both programs. Idempotent.
  void stop();

 private:
  NfsGateway(std::shared_ptr<MountProgram> mount, std::unique_ptr<rpc::RpcServer> nfs_server,
             std::unique_ptr<rpc::RpcServer> mount_server);

  std::shared_ptr<MountProgram> mount_;
  std::unique_ptr<rpc::RpcServer> nfs_server_;
  std::unique_ptr<rpc::RpcServer> mount_server_;  // nullptr: nfs_server_ serves MOUNT too
};

}  // namespace magma::nfs
