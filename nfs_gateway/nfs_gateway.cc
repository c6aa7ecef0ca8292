// The gateway's assembly: the two programs, the servers that carry them, and their order
// at start (NFS first, so a client that got a handle from MOUNT finds NFS serving) and stop.
#include "nfs_gateway/nfs_gateway.h"

#include "nfs_gateway/mount_program.h"
#include "nfs_gateway/nfs_program.h"
#include "nfs_gateway/rpc/rpc_server.h"

namespace magma::nfs {

namespace {

rpc::RpcServerOptions server_options(const NfsGatewayOptions& options, uint16_t port) {
  rpc::RpcServerOptions o;
  o.bind = options.bind;
  o.port = port;
  o.threads = options.threads;
  o.register_with_rpcbind = options.rpcbind;
  return o;
}

}  // namespace

Result<std::unique_ptr<NfsGateway>> NfsGateway::start(server::FlareService& service, const NfsGatewayOptions& options,
                                                      ShareSource shares, KeyFunction key_of) {
  auto nfs = std::make_shared<NfsProgram>(service, shares, key_of);
  auto mount = std::make_shared<MountProgram>(service, std::move(shares), std::move(key_of));
  bool shared = options.mount_port == options.nfs_port;
  std::vector<std::shared_ptr<rpc::RpcProgram>> nfs_programs{nfs};
  if (shared) nfs_programs.push_back(mount);
  auto nfs_server = rpc::RpcServer::start(server_options(options, options.nfs_port), std::move(nfs_programs));
  if (!nfs_server) return nfs_server.status();
  std::unique_ptr<rpc::RpcServer> mount_server;
  if (!shared) {
    auto started = rpc::RpcServer::start(server_options(options, options.mount_port), {mount});
    if (!started) return started.status();
    mount_server = std::move(*started);
  }
  return std::unique_ptr<NfsGateway>(new NfsGateway(std::move(mount), std::move(*nfs_server), std::move(mount_server)));
}

NfsGateway::NfsGateway(std::shared_ptr<MountProgram> mount, std::unique_ptr<rpc::RpcServer> nfs_server,
                       std::unique_ptr<rpc::RpcServer> mount_server)
    : mount_(std::move(mount)), nfs_server_(std::move(nfs_server)), mount_server_(std::move(mount_server)) {}

NfsGateway::~NfsGateway() { stop(); }

uint16_t NfsGateway::nfs_port() const { return nfs_server_->port(); }

uint16_t NfsGateway::mount_port() const { return mount_server_ ? mount_server_->port() : nfs_server_->port(); }

const MountTable& NfsGateway::mounts() const { return mount_->mounts(); }

// MOUNT first: no client gets a new handle for an NFS server about to stop.
void NfsGateway::stop() {
  if (mount_server_) mount_server_->stop();
  nfs_server_->stop();
}

}  // namespace magma::nfs
