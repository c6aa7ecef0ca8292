// The messages of the flare protocol: one Request/Response pair per op of flare_ops.def,
// the caller's Credentials that precede every request, and FlareOpTraits that ties a
// Request type to its op id and Response type. Paths in requests are absolute and are
// normalised and checked by the service, never trusted. Plain values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "libmagma/byte_codec.h"
#include "libmagma/flare_attr.h"
#include "libmagma/topology.h"

namespace magma {

// Who asks: sent before every request. The door that accepted the request fills it in.
struct Credentials {
  static constexpr size_t kMaxGroups = 256;
  uint32_t uid = 0;
  uint32_t gid = 0;
  std::vector<uint32_t> groups;  // supplementary groups, at most kMaxGroups
  // Set only by a volcano forwarding a request (kOpForwarded): the address of the client
  // it serves, which the ACL decides by. The owner believes it only from a volcano; from
  // anyone else it is ignored. Empty from clients.
  std::string client;
  MAGMA_FIELDS(uid, gid, groups, client)
};

struct EmptyResponse {
  MAGMA_FIELDS()
};

struct PingRequest {
  MAGMA_FIELDS()
};
struct PingResponse {
  std::string nickname;  // the volcano that answered
  std::string version;   // its software version
  MAGMA_FIELDS(nickname, version)
};

struct StatfsRequest {
  MAGMA_FIELDS()
};
struct StatfsResponse {
  uint32_t block_size = 4096;
  uint64_t blocks = 0;
  uint64_t blocks_free = 0;
  uint64_t blocks_avail = 0;
  uint64_t files = 0;
  uint64_t files_free = 0;
  uint32_t name_max = 255;
  MAGMA_FIELDS(block_size, blocks, blocks_free, blocks_avail, files, files_free, name_max)
};

struct LookupRequest {
  std::string path;
  MAGMA_FIELDS(path)
};
struct EntryResponse {
  FlareEntry entry;
  MAGMA_FIELDS(entry)
};

// Finds a directory by where it lives (the key of its path) and its inode number, as an
// NFS file handle names it: NotFound when no such directory lives there any more (it was
// removed, or renamed, which moves it).
struct ResolveDirRequest {
  Key place;
  uint64_t ino = 0;
  MAGMA_FIELDS(place, ino)
};
struct ResolveDirResponse {
  std::string path;
  FlareEntry entry;
  MAGMA_FIELDS(path, entry)
};

struct GetAttrRequest {
  FlareId id;
  Key place;  // where its inode lives, for a directory (routing.h)
  MAGMA_FIELDS(id, place)
};
struct AttrResponse {
  FlareAttr attr;
  MAGMA_FIELDS(attr)
};

// Which SetAttrRequest fields apply.
enum SetAttrMask : uint32_t {
  kSetMode = 1 << 0,
  kSetUid = 1 << 1,
  kSetGid = 1 << 2,
  kSetSize = 1 << 3,
  kSetAtime = 1 << 4,     // to atime_ns
  kSetAtimeNow = 1 << 5,  // to the server's clock
  kSetMtime = 1 << 6,
  kSetMtimeNow = 1 << 7,
};
struct SetAttrRequest {
  FlareId id;
  Key place;  // where its inode lives, for a directory (routing.h)
  uint32_t mask = 0;
  uint32_t mode = 0;
  uint32_t uid = 0;
  uint32_t gid = 0;
  uint64_t size = 0;
  int64_t atime_ns = 0;
  int64_t mtime_ns = 0;
  MAGMA_FIELDS(id, place, mask, mode, uid, gid, size, atime_ns, mtime_ns)
};

// Creates a flare of any type but Symlink at path; fails with Exists if path exists.
// Owner is the caller; the group is the caller's gid or, below a setgid directory, the
// directory's (which a new directory then inherits).
// open: also hold the new flare open for this session, as an OpenRequest would, so that
// create(2) costs one round trip instead of two.
struct MknodRequest {
  std::string path;
  FlareType type = FlareType::Regular;
  uint32_t mode = 0644;  // permission bits
  uint64_t rdev = 0;     // for devices
  bool open = false;
  MAGMA_FIELDS(path, type, mode, rdev, open)
};

struct SymlinkRequest {
  std::string path;
  std::string target;
  MAGMA_FIELDS(path, target)
};

struct ReadlinkRequest {
  FlareId id;
  MAGMA_FIELDS(id)
};
struct ReadlinkResponse {
  std::string target;
  MAGMA_FIELDS(target)
};

struct UnlinkRequest {
  std::string path;
  MAGMA_FIELDS(path)
};
struct RmdirRequest {
  std::string path;
  MAGMA_FIELDS(path)
};

enum RenameFlags : uint32_t {
  kRenameNoReplace = 1 << 0,  // as RENAME_NOREPLACE
  kRenameExchange = 1 << 1,   // as RENAME_EXCHANGE
};
struct RenameRequest {
  std::string from;
  std::string to;
  uint32_t flags = 0;
  MAGMA_FIELDS(from, to, flags)
};

// A new name for an existing non-directory flare.
struct LinkRequest {
  FlareId id;
  std::string new_path;
  MAGMA_FIELDS(id, new_path)
};

// Lists a directory after cookie (0 = from the start). Cookies stay valid while the
// directory changes: an entry keeps its cookie until it is removed.
struct ReadDirRequest {
  std::string path;
  uint64_t cookie = 0;
  uint32_t max_entries = 1024;
  MAGMA_FIELDS(path, cookie, max_entries)
};
struct DirEntry {
  std::string name;
  uint64_t cookie = 0;  // resume listing after this entry
  FlareEntry entry;
  MAGMA_FIELDS(name, cookie, entry)
};
struct ReadDirResponse {
  std::vector<DirEntry> entries;  // without "." and ".."
  bool eof = false;
  MAGMA_FIELDS(entries, eof)
};

// Holds the flare open for this connection: its data outlives its last name until the
// matching Release (or the connection's end).
struct OpenRequest {
  FlareId id;
  Key place;  // where its inode lives, for a directory (routing.h)
  MAGMA_FIELDS(id, place)
};
struct ReleaseRequest {
  FlareId id;
  Key place;  // where its inode lives, for a directory (routing.h)
  MAGMA_FIELDS(id, place)
};

struct ReadRequest {
  FlareId id;
  uint64_t offset = 0;
  uint32_t size = 0;  // at most kMaxIoSize
  MAGMA_FIELDS(id, offset, size)
};
struct ReadResponse {
  Bytes data;      // shorter than asked only at end of file
  FlareAttr attr;  // as the data was read (the NFS gateway answers them with it)
  MAGMA_FIELDS(data, attr)
};

// Writes data at offset; answers with the attributes after the write.
// stable: the data is on stable storage before the answer (as an NFSv2 WRITE).
struct WriteRequest {
  FlareId id;
  uint64_t offset = 0;
  Bytes data;
  bool stable = false;
  MAGMA_FIELDS(id, offset, data, stable)
};

struct FsyncRequest {
  FlareId id;
  Key place;  // where its inode lives, for a directory (routing.h)
  bool datasync = false;
  MAGMA_FIELDS(id, place, datasync)
};

enum XattrFlags : uint32_t {
  kXattrCreate = 1 << 0,   // as XATTR_CREATE
  kXattrReplace = 1 << 1,  // as XATTR_REPLACE
};
constexpr size_t kMaxXattrValue = 64u << 10;  // as XATTR_SIZE_MAX
struct SetXattrRequest {
  FlareId id;
  Key place;  // where its inode lives, for a directory (routing.h)
  std::string name;  // with its namespace prefix ("user.")
  Bytes value;
  uint32_t flags = 0;
  MAGMA_FIELDS(id, place, name, value, flags)
};
struct GetXattrRequest {
  FlareId id;
  Key place;  // where its inode lives, for a directory (routing.h)
  std::string name;
  MAGMA_FIELDS(id, place, name)
};
struct XattrValueResponse {
  Bytes value;
  MAGMA_FIELDS(value)
};
struct ListXattrRequest {
  FlareId id;
  Key place;  // where its inode lives, for a directory (routing.h)
  MAGMA_FIELDS(id, place)
};
struct XattrListResponse {
  std::vector<std::string> names;
  MAGMA_FIELDS(names)
};
struct RemoveXattrRequest {
  FlareId id;
  Key place;  // where its inode lives, for a directory (routing.h)
  std::string name;
  MAGMA_FIELDS(id, place, name)
};

// The lava's topology, for clients that route requests themselves.
// The shares' decision for a client address on a lava path, explained (magmactl acl
// check): want is "r", "w" or "" (just the decision).
struct AclCheckRequest {
  std::string address;
  std::string path;
  std::string want;
  MAGMA_FIELDS(address, path, want)
};
// Reads the receiving volcano's shares directory again (magmactl acl reload); answers
// the rules then in force, or the file's error with the old rules kept.
struct AclReloadRequest {
  MAGMA_FIELDS()
};
// The share named name, as the receiving volcano's rules define it (mount.magma
// --share): NotFound when there is none.
struct ShareRequest {
  std::string name;
  MAGMA_FIELDS(name)
};
struct ShareResponse {
  std::string path;  // its root in the lava
  bool read_only = false;
  MAGMA_FIELDS(path, read_only)
};
struct AclResponse {
  std::vector<std::string> lines;  // for a person to read
  MAGMA_FIELDS(lines)
};

struct TopologyRequest {
  MAGMA_FIELDS()
};
struct TopologyResponse {
  Topology topology;
  MAGMA_FIELDS(topology)
};

}  // namespace magma

// The node ops' messages (volcano to volcano, node port): see node_ops.def.
#include "libmagma/lava_messages.h"
#include "libmagma/namespace_messages.h"

namespace magma {

enum class FlareOp : uint16_t {
#define MAGMA_FLARE_OP(Name, id, Request, Response) Name = id,
#include "libmagma/flare_ops.def"
#undef MAGMA_FLARE_OP
};

// Ops with ids from kFirstNodeOp on are node ops: served on the node port only.
constexpr uint16_t kFirstNodeOp = 100;
constexpr bool is_node_op(uint16_t op) { return op >= kFirstNodeOp; }

// The name of op ("Lookup"), or nullptr for an id not in the table.
const char* flare_op_name(uint16_t op);

template <class Request>
struct FlareOpTraits;
#define MAGMA_FLARE_OP(Name, id, Request, ResponseT)   \
  template <>                                           \
  struct FlareOpTraits<Request> {                       \
    static constexpr FlareOp op = FlareOp::Name;        \
    static constexpr const char* name = #Name;          \
    using Response = ResponseT;                         \
  };
#include "libmagma/flare_ops.def"
#undef MAGMA_FLARE_OP

}  // namespace magma
