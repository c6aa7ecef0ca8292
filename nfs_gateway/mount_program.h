// MountProgram: MOUNT version 1 (RFC 1094 appendix A), where an NFSv2 client gets the file
// handle of the directory it mounts, and which `showmount` asks for the exports and mounts.
//
// MNT answers the handle of an exported directory or of any directory below one (a
// client may mount a subtree of an export, as on most servers; the NFS calls that follow
// check permissions on each flare they touch). Its status is an errno value: ENOENT (no
// such path), ENOTDIR (the path or one of its ancestors is not a directory), EACCES (the
// path lies in no export), EINVAL/ENAMETOOLONG (not a valid absolute path), EIO (the lava
// failed). DUMP lists the mount table (mount_table.h), UMNT and UMNTALL edit it for the
// calling host, EXPORT lists each export with the group "*": today every client may
// mount every export (until the ACL module says otherwise), and "*" is what `showmount -e`
// shows for "everyone" on other servers too.
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

  // REQUIRES: exports' paths normalised; service outlives the program.
  MountProgram(server::FlareService& service, std::vector<NfsExport> exports, KeyFunction key_of = sha1_key);

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
  Mounted mount(const std::string& requested) const;
  int missing_errno(const std::string& path) const;
  const NfsExport* export_of(const std::string& path) const;

  rpc::AcceptStat mnt(const rpc::RpcCall& call, XDR* args, XDR* results);
  rpc::AcceptStat umnt(const rpc::RpcCall& call, XDR* args);
  rpc::AcceptStat dump(XDR* results) const;
  rpc::AcceptStat export_list(XDR* results) const;

  server::FlareService& service_;
  const std::vector<NfsExport> exports_;
  const KeyFunction key_of_;
  MountTable mounts_;
};

}  // namespace magma::nfs
