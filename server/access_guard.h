// The ACL (acl/) applied to a flare request by the volcano that serves it, for every door
// alike: the native protocol, the NFS gateway and the console all reach FlareService, and
// a request forwarded to its owner is judged there, with the client it travelled with.
//
// What a request needs: reading a path's flare (Lookup, ReadDir, GetAttr, Open, Read,
// Readlink, ResolveDir, GetXattr, ListXattr, Fsync) needs r on its path; changing it
// (SetAttr, Write, SetXattr, RemoveXattr) needs w on its path; making or dropping a name
// (Mknod, Symlink, Unlink, Rmdir, Link's new name, both names of a Rename) needs w on
// that name; Link also needs r on the flare it links. A flare named by its id (an open
// file, an NFS file handle) is judged by the path stored with its inode: a directory's
// current path, a file's name from its creation or its last rename. Ping, Statfs,
// Topology, Release, AclCheck, AclReload and the node ops need nothing.
#pragma once

#include "libmagma/errc.h"
#include "libmagma/flare_messages.h"
#include "server/flare_service.h"

namespace magma::server {

struct OpEnv;

// Ok when ctx.client may make req, or when ctx has no client (a call from inside the
// lava). Otherwise Access (EACCES), or ReadOnly (EROFS) for a change that a read-only
// grant refuses, with the deciding rule in the message. A flare named by an id this
// volcano does not hold passes: the operation itself answers NotFound. REQUIRES: this
// volcano owns req's route key.
#define MAGMA_FLARE_OP(Name, id, Request, Response) \
  Status guard_access(OpEnv& env, const CallContext& ctx, const Request& req);
#include "libmagma/flare_ops.def"
#undef MAGMA_FLARE_OP

}  // namespace magma::server
