// MountProgram: MOUNT version 1 (RFC 1094 appendix A), where an NFSv2 client gets the file
// handle of the directory it mounts, and which `showmount` asks for the exports and mounts.
//
// The exports are the shares (nfs_export.h). MNT answers the handle of a share's root or
// of any directory below one (a client may mount a subtree of a share, as on most
// servers) that the ACL lets the client read; the NFS calls that follow are checked flare
// by flare. Its status is an errno value: ENOENT (no such path), ENOTDIR (the path or
// one of its ancestors is not a directory), EACCES (the path lies in no share, or the
// client may not read it: MNTERR_ACCES), EINVAL/ENAMETOOLONG (not a valid absolute path),
// EIO (the lava failed). DUMP lists the mount table (mount_table.h), UMNT and UMNTALL
// edit it for the calling host, EXPORT lists each share's root with its groups: the
// addresses its rules grant r or w (as written: "10.0.0.0/8", "*", a host name).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libmagma/key.h"
#include "nfs_gateway/mount_table.h"
#include "nfs_gateway/nfs_export.h"
#include "nfs_gateway/rpc/rpc_program.h"

namespace magma::server {
class FlareService;
}

namespace magma::nfs {

class MountProgram : public rpc::RpcProgram {
 public:
  static constexpr uint32_t kProgram = 100005;
  static constexpr uint32_t kVersion = 1;

  // REQUIRES: service outlives the program.
  MountProgram(server::FlareService& service, ShareSource shares, KeyFunction key_of = sha1_key);

  uint32_t program() const override { return kProgram; }
  uint32_t min_version() const override { return kVersion; }
  uint32_t max_version() const override { return kVersion; }
  bool is_idempotent(uint32_t version, uint32_t procedure) const override;
  rpc::AcceptStat dispatch(const rpc::RpcCall& call, XDR* args, XDR* results) override;

  const MountTable& mounts() const { return mounts_; }

 private:
  // The handle of path for a MNT, or the errno to answer.
  struct Mounted {
    int error = 0;
    std::string path;  // normalised, when error is 0
    std::vector<uint8_t> handle;
    static Mounted failed(int error) { return {error, {}, {}}; }
  };
  Mounted mount(const std::string& requested, const boost::asio::ip::address& client) const;
  int missing_errno(const std::string& path) const;

  rpc::AcceptStat mnt(const rpc::RpcCall& call, XDR* args, XDR* results);
  rpc::AcceptStat umnt(const rpc::RpcCall& call, XDR* args);
  rpc::AcceptStat dump(XDR* results) const;
  rpc::AcceptStat export_list(XDR* results) const;

  server::FlareService& service_;
  const ShareSource shares_;
  const KeyFunction key_of_;
  MountTable mounts_;
};

}  // namespace magma::nfs
