// Each call fills libnfs's argument struct, sends it with the matching rpc_*_async and
// copies what the reply holds before libnfs frees it.
#include "tests/integration/nfs_client/nfs2_client.h"

#include <cstring>

namespace magma::nfstest {

namespace {

constexpr uint32_t kUnset = 0xffffffff;

// Runs send; on an accepted reply, takes its status and, when it is 0, fill's results.
template <class R, class Res, class Fill>
R call(RpcSession& s, const RpcSession::Send& send, Fill fill) {
  R reply;
  reply.rpc_error = s.call(send, [&](void* data) {
    auto& res = *static_cast<Res*>(data);
    reply.status = res.status;
    if (res.status == 0) fill(reply, res);
  });
  return reply;
}

// For calls whose reply is void or has no status of its own.
template <class R, class Fill>
R call_void(RpcSession& s, const RpcSession::Send& send, Fill fill) {
  R reply;
  reply.rpc_error = s.call(send, [&](void* data) {
    reply.status = 0;
    fill(reply, data);
  });
  return reply;
}

// libnfs decodes a list's nodes into its own buffer at 4-byte boundaries, below the 8 their
// pointers need: each is read through an aligned copy.
template <class Node>
Node copy_node(const Node* at) {
  Node node;
  std::memcpy(&node, at, sizeof node);
  return node;
}

void put_fh(char* to, const Fh& fh) { std::memcpy(to, fh.data(), fh.size()); }
Fh get_fh(const char* from) {
  Fh fh;
  std::memcpy(fh.data(), from, fh.size());
  return fh;
}

// The results of the calls that answer a handle and its attributes (diropres in RFC 1094).
template <class Ok>
void take_dirop(DirOpReply& out, const Ok& ok) {
  out.fh = get_fh(ok.file);
  out.attr = ok.attributes;
}

// libnfs takes names as char*: a copy it may point into for the call's length.
struct DirOp {
  DirOp(const Fh& dir, std::string_view name) : name_(name) {
    put_fh(args.dir, dir);
    args.name = name_.data();
  }
  std::string name_;
  diropargs2 args{};
};

}  // namespace

sattr2 no_change() {
  sattr2 a;
  a.mode = a.uid = a.gid = a.size = kUnset;
  a.atime = {kUnset, kUnset};
  a.mtime = {kUnset, kUnset};
  return a;
}

sattr2 with_mode(uint32_t mode) {
  sattr2 a = no_change();
  a.mode = mode;
  return a;
}

Reply Nfs2Client::null() {
  return call_void<Reply>(s_, [](rpc_context* r, rpc_cb cb, void* p) { return rpc_nfs2_null_async(r, cb, p); },
                          [](Reply&, void*) {});
}

AttrReply Nfs2Client::getattr(const Fh& fh) {
  GETATTR2args args{};
  put_fh(args.fhandle, fh);
  return call<AttrReply, GETATTR2res>(
      s_, [&](rpc_context* r, rpc_cb cb, void* p) { return rpc_nfs2_getattr_async(r, cb, &args, p); },
      [](AttrReply& out, GETATTR2res& res) { out.attr = res.GETATTR2res_u.resok.attributes; });
}

AttrReply Nfs2Client::setattr(const Fh& fh, const sattr2& attr) {
  SETATTR2args args{};
  put_fh(args.fhandle, fh);
  args.attributes = attr;
  return call<AttrReply, SETATTR2res>(
      s_, [&](rpc_context* r, rpc_cb cb, void* p) { return rpc_nfs2_setattr_async(r, cb, &args, p); },
      [](AttrReply& out, SETATTR2res& res) { out.attr = res.SETATTR2res_u.resok.attributes; });
}

DirOpReply Nfs2Client::lookup(const Fh& dir, std::string_view name) {
  DirOp op(dir, name);
  LOOKUP2args args{op.args};
  return call<DirOpReply, LOOKUP2res>(
      s_, [&](rpc_context* r, rpc_cb cb, void* p) { return rpc_nfs2_lookup_async(r, cb, &args, p); },
      [](DirOpReply& out, LOOKUP2res& res) { take_dirop(out, res.LOOKUP2res_u.resok); });
}

ReadlinkReply Nfs2Client::readlink(const Fh& fh) {
  READLINK2args args{};
  put_fh(args.file, fh);
  return call<ReadlinkReply, READLINK2res>(
      s_, [&](rpc_context* r, rpc_cb cb, void* p) { return rpc_nfs2_readlink_async(r, cb, &args, p); },
      [](ReadlinkReply& out, READLINK2res& res) { out.target = res.READLINK2res_u.resok.data; });
}

ReadReply Nfs2Client::read(const Fh& fh, uint32_t offset, uint32_t count) {
  READ2args args{};
  put_fh(args.file, fh);
  args.offset = offset;
  args.count = count;
  return call<ReadReply, READ2res>(
      s_, [&](rpc_context* r, rpc_cb cb, void* p) { return rpc_nfs2_read_async(r, cb, &args, p); },
      [](ReadReply& out, READ2res& res) {
        out.attr = res.READ2res_u.resok.attributes;
        out.data.assign(res.READ2res_u.resok.data.nfsdata2_val, res.READ2res_u.resok.data.nfsdata2_len);
      });
}

AttrReply Nfs2Client::write(const Fh& fh, uint32_t offset, std::string_view data) {
  std::string bytes(data);
  WRITE2args args{};
  put_fh(args.file, fh);
  args.offset = offset;
  args.data.nfsdata2_len = bytes.size();
  args.data.nfsdata2_val = bytes.data();
  return call<AttrReply, WRITE2res>(
      s_, [&](rpc_context* r, rpc_cb cb, void* p) { return rpc_nfs2_write_async(r, cb, &args, p); },
      [](AttrReply& out, WRITE2res& res) { out.attr = res.WRITE2res_u.resok.attributes; });
}

DirOpReply Nfs2Client::create(const Fh& dir, std::string_view name, const sattr2& attr) {
  DirOp op(dir, name);
  CREATE2args args{op.args, attr};
  return call<DirOpReply, CREATE2res>(
      s_, [&](rpc_context* r, rpc_cb cb, void* p) { return rpc_nfs2_create_async(r, cb, &args, p); },
      [](DirOpReply& out, CREATE2res& res) { take_dirop(out, res.CREATE2res_u.resok); });
}

Reply Nfs2Client::remove(const Fh& dir, std::string_view name) {
  DirOp op(dir, name);
  REMOVE2args args{op.args};
  return call<Reply, REMOVE2res>(
      s_, [&](rpc_context* r, rpc_cb cb, void* p) { return rpc_nfs2_remove_async(r, cb, &args, p); },
      [](Reply&, REMOVE2res&) {});
}

Reply Nfs2Client::rename(const Fh& from_dir, std::string_view from, const Fh& to_dir, std::string_view to) {
  DirOp a(from_dir, from), b(to_dir, to);
  RENAME2args args{a.args, b.args};
  return call<Reply, RENAME2res>(
      s_, [&](rpc_context* r, rpc_cb cb, void* p) { return rpc_nfs2_rename_async(r, cb, &args, p); },
      [](Reply&, RENAME2res&) {});
}

Reply Nfs2Client::link(const Fh& fh, const Fh& dir, std::string_view name) {
  DirOp op(dir, name);
  LINK2args args{};
  put_fh(args.from, fh);
  args.to = op.args;
  return call<Reply, LINK2res>(
      s_, [&](rpc_context* r, rpc_cb cb, void* p) { return rpc_nfs2_link_async(r, cb, &args, p); },
      [](Reply&, LINK2res&) {});
}

Reply Nfs2Client::symlink(const Fh& dir, std::string_view name, std::string_view target, const sattr2& attr) {
  DirOp op(dir, name);
  std::string to(target);
  SYMLINK2args args{op.args, to.data(), attr};
  return call<Reply, SYMLINK2res>(
      s_, [&](rpc_context* r, rpc_cb cb, void* p) { return rpc_nfs2_symlink_async(r, cb, &args, p); },
      [](Reply&, SYMLINK2res&) {});
}

DirOpReply Nfs2Client::mkdir(const Fh& dir, std::string_view name, const sattr2& attr) {
  DirOp op(dir, name);
  MKDIR2args args{op.args, attr};
  return call<DirOpReply, MKDIR2res>(
      s_, [&](rpc_context* r, rpc_cb cb, void* p) { return rpc_nfs2_mkdir_async(r, cb, &args, p); },
      [](DirOpReply& out, MKDIR2res& res) { take_dirop(out, res.MKDIR2res_u.resok); });
}

Reply Nfs2Client::rmdir(const Fh& dir, std::string_view name) {
  DirOp op(dir, name);
  RMDIR2args args{op.args};
  return call<Reply, RMDIR2res>(
      s_, [&](rpc_context* r, rpc_cb cb, void* p) { return rpc_nfs2_rmdir_async(r, cb, &args, p); },
      [](Reply&, RMDIR2res&) {});
}

ReaddirReply Nfs2Client::readdir(const Fh& dir, const std::array<char, NFSCOOKIESIZE2>& cookie, uint32_t count) {
  READDIR2args args{};
  put_fh(args.dir, dir);
  std::memcpy(args.cookie, cookie.data(), cookie.size());
  args.count = count;
  return call<ReaddirReply, READDIR2res>(
      s_, [&](rpc_context* r, rpc_cb cb, void* p) { return rpc_nfs2_readdir_async(r, cb, &args, p); },
      [](ReaddirReply& out, READDIR2res& res) {
        for (const entry2* at = res.READDIR2res_u.resok.entries; at;) {
          entry2 e = copy_node(at);
          DirEntry entry{e.fileid, e.name, {}};
          std::memcpy(entry.cookie.data(), e.cookie, entry.cookie.size());
          out.entries.push_back(std::move(entry));
          at = e.nextentry;
        }
        out.eof = res.READDIR2res_u.resok.eof != 0;
      });
}

StatfsReply Nfs2Client::statfs(const Fh& fh) {
  STATFS2args args{};
  put_fh(args.dir, fh);
  return call<StatfsReply, STATFS2res>(
      s_, [&](rpc_context* r, rpc_cb cb, void* p) { return rpc_nfs2_statfs_async(r, cb, &args, p); },
      [](StatfsReply& out, STATFS2res& res) { out.fs = res.STATFS2res_u.resok; });
}

Reply Mount1Client::null() {
  return call_void<Reply>(s_, [](rpc_context* r, rpc_cb cb, void* p) { return rpc_mount1_null_async(r, cb, p); },
                          [](Reply&, void*) {});
}

MntReply Mount1Client::mnt(std::string_view path) {
  std::string dir(path);
  MntReply reply;
  reply.rpc_error = s_.call(
      [&](rpc_context* r, rpc_cb cb, void* p) { return rpc_mount1_mnt_async(r, cb, dir.data(), p); },
      [&](void* data) {
        auto& res = *static_cast<mountres1*>(data);
        reply.status = res.fhs_status;
        if (res.fhs_status == MNT1_OK) reply.fh = get_fh(res.mountres1_u.mountinfo.fhandle);
      });
  return reply;
}

DumpReply Mount1Client::dump() {
  return call_void<DumpReply>(
      s_, [](rpc_context* r, rpc_cb cb, void* p) { return rpc_mount1_dump_async(r, cb, p); },
      [](DumpReply& out, void* data) {
        for (const mountbody* at = *static_cast<mountlist*>(data); at;) {
          mountbody m = copy_node(at);
          out.mounts.emplace_back(m.ml_hostname, m.ml_directory);
          at = m.ml_next;
        }
      });
}

Reply Mount1Client::umnt(std::string_view path) {
  std::string dir(path);
  return call_void<Reply>(
      s_, [&](rpc_context* r, rpc_cb cb, void* p) { return rpc_mount1_umnt_async(r, cb, dir.data(), p); },
      [](Reply&, void*) {});
}

Reply Mount1Client::umntall() {
  return call_void<Reply>(s_, [](rpc_context* r, rpc_cb cb, void* p) { return rpc_mount1_umntall_async(r, cb, p); },
                          [](Reply&, void*) {});
}

ExportReply Mount1Client::exports() {
  return call_void<ExportReply>(
      s_, [](rpc_context* r, rpc_cb cb, void* p) { return rpc_mount1_export_async(r, cb, p); },
      [](ExportReply& out, void* data) {
        for (const exportnode* at = *static_cast<exportnode**>(data); at;) {
          exportnode e = copy_node(at);
          std::vector<std::string> groups;
          for (const groupnode* g_at = e.ex_groups; g_at;) {
            groupnode g = copy_node(g_at);
            groups.emplace_back(g.gr_name);
            g_at = g.gr_next;
          }
          out.exports.emplace_back(e.ex_dir, std::move(groups));
          at = e.ex_next;
        }
      });
}

}  // namespace magma::nfstest
