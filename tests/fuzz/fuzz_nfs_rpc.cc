// libFuzzer target: what the NFS gateway decodes from a client before any procedure runs.
// The first byte chooses the door: even, the rest is one UDP datagram; odd, the rest is a
// TCP byte stream of record-marked fragments (nfs_gateway/rpc/record_marking.h), each
// record one call. A call goes through the RPC call header (rpc_message.h), the AUTH_UNIX
// credentials (credentials.h) and what the gateway makes of them (nfs_caller.h), then,
// for NFS v2 and MOUNT v1, the arguments of its procedure, decoded by the decoder that
// procedure uses (nfs_args.h or rpcgen's), and every file handle in them (file_handle.h),
// name (libmagma/path.h) and READDIR cookie (nfs_readdir.h).
//
// Checked beyond "no crash": a record is its fragments' bytes joined; the header's spans
// lie inside the call; decoded credentials, arguments and handles encode back to what
// decodes to them again (a handle to its exact 32 bytes); root squash leaves no 0 id; a
// name the gateway accepts stays itself under normalisation; normalised paths are fixed
// points; READDIR cookies map back to themselves.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>

#include "acl/share.h"
#include "libmagma/path.h"
#include "nfs_gateway/file_handle.h"
#include "nfs_gateway/nfs_args.h"
#include "nfs_gateway/nfs_caller.h"
#include "nfs_gateway/nfs_readdir.h"
#include "nfs_gateway/rpc/credentials.h"
#include "nfs_gateway/rpc/record_marking.h"
#include "nfs_gateway/rpc/rpc_message.h"
#include "nfs_gateway/rpc/xdr_mem.h"
#include "nfs_gateway/rpc/xdr_value.h"
#include "rpcgen/mount.h"
#include "tests/fuzz/fuzz_check.h"

namespace magma::nfs {
namespace {

using rpc::XdrMem;

constexpr uint32_t kNfsProgram = 100003, kNfsVersion = 2;
constexpr uint32_t kMountProgram = 100005, kMountVersion = 1;
constexpr size_t kMaxRecordBytes = 1 << 20;  // as rpc::RpcServer::kMaxRecordBytes
constexpr size_t kMaxArgBytes = 64 * 1024;   // above any NFS v2 or MOUNT argument

// ---- what is inside the arguments --------------------------------------------------

void check_handle(const HandleBytes& bytes) {
  Result<HandleRef> ref = decode_handle(bytes);
  if (!ref) {
    FUZZ_CHECK(ref.code() == Errc::Stale, "a bad handle refused with another code than Stale");
    return;
  }
  FUZZ_CHECK(encode_handle(*ref) == bytes, "a handle that decodes is not what its ref encodes to");
}

void check_handle(const nfs_fh& fh) { check_handle(handle_bytes(fh)); }

// A path as the gateway receives it (MNT, UMNT): normalisation is a fixed point and gives
// the documented shape.
void check_mount_path(const std::string& path) {
  Result<std::string> once = normalise_path(path);
  if (!once) return;
  FUZZ_CHECK(fuzz_equals(normalise_path(*once), *once), "normalise_path is not idempotent");
  FUZZ_CHECK(!once->empty() && (*once)[0] == '/', "a normalised path is not absolute");
  FUZZ_CHECK(*once == "/" || once->back() != '/', "a normalised path ends in '/'");
  FUZZ_CHECK(once->find("//") == std::string::npos && once->find("/./") == std::string::npos &&
                 once->find("/../") == std::string::npos,
             "a normalised path keeps an empty, . or .. component");
  FUZZ_CHECK(once->size() <= kMaxPathLength, "a normalised path over kMaxPathLength");
}

// A name as LOOKUP, CREATE, REMOVE... carry it: one the gateway accepts is one component.
void check_entry_name(const std::string& name) {
  FUZZ_CHECK(name.size() <= NFS_MAXPATHLEN, "a name over NFS_MAXPATHLEN decoded");
  Result<std::string> child = child_path("/d", name);
  if (!child) return;
  FUZZ_CHECK(*child == "/d/" + name, "child_path changed the name");
  FUZZ_CHECK(fuzz_equals(normalise_path(*child), *child), "an accepted name changes under normalisation");
}

void check_cookie(const nfscookie cookie) {
  uint32_t value = cookie_value(cookie);
  ReadDirPosition at = position_of(value);
  if (value < 3) {
    FUZZ_CHECK(at.after == 0 && at.dot == (value == 0) && at.dotdot == (value <= 1), "a cookie below 3 misread");
    return;
  }
  FUZZ_CHECK(!at.dot && !at.dotdot && fuzz_equals(nfs_cookie_of(at.after), value), "a cookie does not map back");
}

// ---- decode, re-encode, decode again -------------------------------------------------

template <class T, class Encode>
Bytes encode_xdr(T& value, Encode encode) {
  Bytes buffer(kMaxArgBytes);
  XdrMem out(buffer, XDR_ENCODE);
  FUZZ_CHECK(encode(out.get(), value), "decoded arguments do not encode");
  buffer.resize(out.position());
  return buffer;
}

// Arguments of one of rpcgen's types, decoded as the procedure decodes them.
template <class T, bool_t (*Xdr)(XDR*, T*)>
void check_generated(XDR* args, void (*inspect)(const T&)) {
  rpc::XdrValue<T, Xdr> value;
  if (!value.decode(args)) return;
  inspect(*value);
  auto encode = [](XDR* x, T& v) { return Xdr(x, &v); };
  Bytes once = encode_xdr(const_cast<T&>(*value), encode);
  rpc::XdrValue<T, Xdr> again;
  XdrMem in(once, XDR_DECODE);
  FUZZ_CHECK(again.decode(in.get()) && in.position() == once.size(), "re-encoded arguments do not decode");
  FUZZ_CHECK(encode_xdr(const_cast<T&>(*again), encode) == once, "re-encoded arguments are not canonical");
}

// The wire form of nfs_args.h's structures, written here to check their decoders.
bool encode_text(XDR* x, std::string& text) {
  char* bytes = text.data();
  u_int length = static_cast<u_int>(text.size());
  return xdr_bytes(x, &bytes, &length, NFS_MAXPATHLEN);
}
bool encode_args(XDR* x, HandleBytes& fh) { return xdr_opaque(x, reinterpret_cast<char*>(fh.data()), kHandleSize); }
bool encode_args(XDR* x, DirOpArgs& a) { return encode_args(x, a.dir) && encode_text(x, a.name); }
bool encode_args(XDR* x, CreateArgs& a) { return encode_args(x, a.where) && xdr_sattr(x, &a.attributes); }
bool encode_args(XDR* x, RenameArgs& a) { return encode_args(x, a.from) && encode_args(x, a.to); }
bool encode_args(XDR* x, LinkArgs& a) { return encode_args(x, a.from) && encode_args(x, a.to); }
bool encode_args(XDR* x, SymlinkArgs& a) {
  return encode_args(x, a.from) && encode_text(x, a.to) && xdr_sattr(x, &a.attributes);
}

void inspect(const HandleBytes& fh) { check_handle(fh); }
void inspect(const DirOpArgs& a) {
  check_handle(a.dir);
  check_entry_name(a.name);
}
void inspect(const CreateArgs& a) { inspect(a.where); }
void inspect(const RenameArgs& a) {
  inspect(a.from);
  inspect(a.to);
}
void inspect(const LinkArgs& a) {
  check_handle(a.from);
  inspect(a.to);
}
void inspect(const SymlinkArgs& a) {
  inspect(a.from);
  FUZZ_CHECK(a.to.size() <= NFS_MAXPATHLEN, "a symlink target over NFS_MAXPATHLEN decoded");
}

// Arguments of one of nfs_args.h's structures.
template <class T>
void check_own(XDR* args) {
  T value;
  if (!decode_args(args, value)) return;
  inspect(value);
  auto encode = [](XDR* x, T& v) { return encode_args(x, v); };
  Bytes once = encode_xdr(value, encode);
  T again;
  XdrMem in(once, XDR_DECODE);
  FUZZ_CHECK(decode_args(in.get(), again) && in.position() == once.size(), "re-encoded arguments do not decode");
  FUZZ_CHECK(encode_xdr(again, encode) == once, "re-encoded arguments are not canonical");
}

void inspect_sattrargs(const sattrargs& a) { check_handle(a.file); }
void inspect_readargs(const readargs& a) { check_handle(a.file); }
void inspect_writeargs(const writeargs& a) {
  check_handle(a.file);
  FUZZ_CHECK(a.data.nfsdata_len <= NFS_MAXDATA, "WRITE data over NFS_MAXDATA decoded");
}
void inspect_readdirargs(const readdirargs& a) {
  check_handle(a.dir);
  check_cookie(a.cookie);
}

// The arguments of NFS v2 procedure procedure, as nfs_program.cc's table runs them.
void check_nfs_args(uint32_t procedure, XDR* args) {
  switch (procedure) {
    case NFSPROC_GETATTR:
    case NFSPROC_READLINK:
    case NFSPROC_STATFS: return check_own<HandleBytes>(args);
    case NFSPROC_SETATTR: return check_generated<sattrargs, xdr_sattrargs>(args, inspect_sattrargs);
    case NFSPROC_LOOKUP:
    case NFSPROC_REMOVE:
    case NFSPROC_RMDIR: return check_own<DirOpArgs>(args);
    case NFSPROC_READ: return check_generated<readargs, xdr_readargs>(args, inspect_readargs);
    case NFSPROC_WRITE: return check_generated<writeargs, xdr_writeargs>(args, inspect_writeargs);
    case NFSPROC_CREATE:
    case NFSPROC_MKDIR: return check_own<CreateArgs>(args);
    case NFSPROC_RENAME: return check_own<RenameArgs>(args);
    case NFSPROC_LINK: return check_own<LinkArgs>(args);
    case NFSPROC_SYMLINK: return check_own<SymlinkArgs>(args);
    case NFSPROC_READDIR: return check_generated<readdirargs, xdr_readdirargs>(args, inspect_readdirargs);
    default: return;  // NULL, ROOT, WRITECACHE: void; others: PROC_UNAVAIL
  }
}

// MNT and UMNT's dirpath, read as mount_program.cc reads it (bytes, NULs kept).
void check_mount_args(uint32_t procedure, XDR* args) {
  if (procedure != MOUNTPROC_MNT && procedure != MOUNTPROC_UMNT) return;
  char buffer[MNTPATHLEN];
  char* data = buffer;
  u_int length = 0;
  if (!xdr_bytes(args, &data, &length, MNTPATHLEN)) return;
  check_mount_path(std::string(data, length));
}

// ---- the RPC layer -----------------------------------------------------------------

bool operator==(const rpc::UnixCredentials& a, const rpc::UnixCredentials& b) {
  return a.uid == b.uid && a.gid == b.gid && a.gids == b.gids && a.machine == b.machine;
}

// AUTH_UNIX credentials: within their bounds, re-encoded they decode to themselves, and
// the gateway's identity for them squashes root.
void check_unix_credentials(const rpc::UnixCredentials& sent) {
  FUZZ_CHECK(sent.gids.size() <= NGRPS && sent.machine.size() <= MAX_MACHINE_NAME, "credentials over their bounds");
  std::vector<gid_t> gids(sent.gids.begin(), sent.gids.end());
  authunix_parms p{0, const_cast<char*>(sent.machine.c_str()), sent.uid, sent.gid,
                   static_cast<u_int>(gids.size()), gids.data()};
  Bytes body = encode_xdr(p, [](XDR* x, authunix_parms& v) { return xdr_authunix_parms(x, &v); });
  auto again = rpc::decode_credentials(AUTH_UNIX, body);
  const auto* decoded = std::get_if<std::optional<rpc::UnixCredentials>>(&again);
  FUZZ_CHECK(decoded && *decoded && **decoded == sent, "re-encoded AUTH_UNIX credentials differ");

  rpc::RpcCaller caller;
  caller.unix_creds = sent;
  acl::Share squashing;  // root-squash, anonymous 65534
  Credentials squashed = credentials_of(caller, squashing);
  FUZZ_CHECK(squashed.uid != 0 && squashed.gid != 0, "root squash left uid or gid 0");
  for (uint32_t g : squashed.groups) FUZZ_CHECK(g != 0, "root squash left group 0");
  acl::Share trusting;
  trusting.root_squash = false;
  Credentials kept = credentials_of(caller, trusting);
  FUZZ_CHECK(kept.uid == sent.uid && kept.gid == sent.gid && kept.groups == sent.gids,
             "credentials changed without root squash");
}

void check_call(std::span<uint8_t> message) {
  rpc::CallHeader h = rpc::decode_call_header(message);
  if (h.fault != rpc::CallFault::None) return;
  auto inside = [&](std::span<uint8_t> s) {
    return s.empty() || (s.data() >= message.data() && s.data() + s.size() <= message.data() + message.size());
  };
  FUZZ_CHECK(inside(h.cred_body) && h.cred_body.size() <= rpc::kMaxAuthBytes, "a cred body outside its bounds");
  FUZZ_CHECK(inside(h.args) && h.args.data() + h.args.size() == message.data() + message.size(),
             "the arguments are not the rest of the call");
  auto creds = rpc::decode_credentials(h.cred_flavor, h.cred_body);
  if (std::holds_alternative<auth_stat>(creds)) return;
  if (const auto& sent = std::get<std::optional<rpc::UnixCredentials>>(creds)) check_unix_credentials(*sent);
  XdrMem args(h.args, XDR_DECODE);
  if (h.program == kNfsProgram && h.version == kNfsVersion) check_nfs_args(h.procedure, args.get());
  if (h.program == kMountProgram && h.version == kMountVersion) check_mount_args(h.procedure, args.get());
}

// A TCP stream: records assembled as tcp_connection.cc assembles them, each one a call.
void check_stream(std::span<const uint8_t> stream) {
  rpc::RecordAssembler assembler(kMaxRecordBytes);
  Bytes joined;  // the record as its fragments' bytes, joined here independently
  while (stream.size() >= rpc::kRecordMarkBytes) {
    rpc::FragmentHeader fragment = rpc::decode_fragment_header(stream.first<rpc::kRecordMarkBytes>());
    stream = stream.subspan(rpc::kRecordMarkBytes);
    auto mark = rpc::encode_record_mark(fragment.length);
    FUZZ_CHECK(rpc::decode_fragment_header(mark).length == fragment.length, "a record mark does not round-trip");
    std::optional<std::span<uint8_t>> room = assembler.add_fragment(fragment);
    if (!room) {
      FUZZ_CHECK(joined.size() + fragment.length > kMaxRecordBytes, "a fragment within the bound refused");
      return;  // the connection closes
    }
    FUZZ_CHECK(room->size() == fragment.length, "room for a fragment of another size");
    if (stream.size() < fragment.length) return;  // the client never sends the rest
    std::copy(stream.begin(), stream.begin() + fragment.length, room->begin());
    joined.insert(joined.end(), stream.begin(), stream.begin() + fragment.length);
    stream = stream.subspan(fragment.length);
    FUZZ_CHECK(assembler.complete() == fragment.last, "a record completed by a fragment not its last");
    if (!assembler.complete()) continue;
    Bytes record = assembler.take();
    FUZZ_CHECK(record == joined, "a record is not its fragments joined");
    joined.clear();
    check_call(record);
  }
}

}  // namespace
}  // namespace magma::nfs

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace magma::nfs;
  if (size == 0) return 0;
  if (data[0] % 2 == 0) {
    magma::Bytes datagram(data + 1, data + size);
    check_call(datagram);
  } else {
    check_stream(std::span<const uint8_t>(data + 1, size - 1));
  }
  return 0;
}
