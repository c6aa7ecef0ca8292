// Typed NFS v2 and MOUNT v1 calls over an RpcSession: each returns the reply's status and
// results copied into C++ values (libnfs frees its own copy after the callback).
#pragma once

#include <nfsc/libnfs-raw-mount.h>
#include <nfsc/libnfs-raw-nfs.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tests/integration/nfs_client/rpc_session.h"

namespace magma::nfstest {

using Fh = std::array<char, FHSIZE2>;

// The most data one WRITE through libnfs 4.0 carries: it encodes NFSv2 calls into a fixed
// 4 KiB buffer, so a full 8 KiB WRITE cannot leave it (test_nfs_hostile.py and the kernel
// client send those). READs of 8 KiB are fine.
constexpr uint32_t kMaxLibnfsWrite = 3072;

// What every call answers: rpc_error when no accepted reply came, else the status.
struct Reply {
  std::string rpc_error;
  int status = -1;
  bool ok() const { return rpc_error.empty() && status == 0; }
};
struct AttrReply : Reply {
  fattr2 attr{};
};
struct DirOpReply : Reply {
  Fh fh{};
  fattr2 attr{};
};
struct ReadReply : Reply {
  fattr2 attr{};
  std::string data;
};
struct ReadlinkReply : Reply {
  std::string target;
};
struct DirEntry {
  uint32_t fileid = 0;
  std::string name;
  std::array<char, NFSCOOKIESIZE2> cookie{};
};
struct ReaddirReply : Reply {
  std::vector<DirEntry> entries;
  bool eof = false;
};
struct StatfsReply : Reply {
  STATFS2resok fs{};
};
struct MntReply : Reply {
  Fh fh{};
};
struct DumpReply : Reply {
  std::vector<std::pair<std::string, std::string>> mounts;  // host, directory
};
struct ExportReply : Reply {
  std::vector<std::pair<std::string, std::vector<std::string>>> exports;  // directory, groups
};

// A sattr2 that changes nothing (every field -1), and one that sets only the mode.
sattr2 no_change();
sattr2 with_mode(uint32_t mode);

class Nfs2Client {
 public:
  explicit Nfs2Client(RpcSession& session) : s_(session) {}

  Reply null();
  AttrReply getattr(const Fh& fh);
  AttrReply setattr(const Fh& fh, const sattr2& attr);
  DirOpReply lookup(const Fh& dir, std::string_view name);
  ReadlinkReply readlink(const Fh& fh);
  ReadReply read(const Fh& fh, uint32_t offset, uint32_t count);
  AttrReply write(const Fh& fh, uint32_t offset, std::string_view data);
  DirOpReply create(const Fh& dir, std::string_view name, const sattr2& attr);
  Reply remove(const Fh& dir, std::string_view name);
  Reply rename(const Fh& from_dir, std::string_view from, const Fh& to_dir, std::string_view to);
  Reply link(const Fh& fh, const Fh& dir, std::string_view name);
  Reply symlink(const Fh& dir, std::string_view name, std::string_view target, const sattr2& attr);
  DirOpReply mkdir(const Fh& dir, std::string_view name, const sattr2& attr);
  Reply rmdir(const Fh& dir, std::string_view name);
  ReaddirReply readdir(const Fh& dir, const std::array<char, NFSCOOKIESIZE2>& cookie, uint32_t count);
  StatfsReply statfs(const Fh& fh);

 private:
  RpcSession& s_;
};

class Mount1Client {
 public:
  explicit Mount1Client(RpcSession& session) : s_(session) {}

  Reply null();
  MntReply mnt(std::string_view path);
  DumpReply dump();
  Reply umnt(std::string_view path);
  Reply umntall();
  ExportReply exports();

 private:
  RpcSession& s_;
};

}  // namespace magma::nfstest
