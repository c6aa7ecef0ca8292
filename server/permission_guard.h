// POSIX permissions (libmagma/permission.h) enforced by the volcano that serves a flare
// request, for every door alike: the kernel of a FUSE client checks them too, but a client
// that skips the kernel (magmactl, a program linked with libmagma) or another door must
// meet the same rules here.
//
// What a request needs, for a caller other than root (who passes every check). A request
// that names a path also needs search (x) on every directory above the one named below,
// as a local path resolution does, since a client may send a whole path at once:
//   Lookup           search on the parent directory
//   ReadDir          read on the directory
//   Mknod, Symlink,  write and search on the parent (check_may_create); devices only by
//   Link               root (check_may_make)
//   Unlink, Rmdir    as above, and in a sticky parent ownership (check_may_delete)
//   Rename           check_may_rename for the moved flare (each side of an exchange)
//   Read             read, or execute (a program is read to be run), on the flare
//   Write            write on the flare
//   SetAttr          check_may_set_attr (chmod/chown owner or root, size and times by
//                      writers)
//   GetXattr         read; SetXattr, RemoveXattr: write, and ownership in a sticky
//                      directory, as Linux's user.* namespace
// In a directory the caller may not search, a missing name is Access too (names stay
// hidden). The Credentials are the client's word, as AUTH_UNIX's are: a holder of the
// lava key may claim any user, root included.
// Read, Write and a size change let the owner through whatever the mode (OwnerOverride):
// each arrives alone, like an NFS request, long after the open that a local kernel would
// have checked, so `cp` of a 0444 file or a program that fchmods its open file keeps
// working. A request by id (an open file, an NFS file handle) is judged on the flare alone,
// as NFS judges a handle. GetAttr, Open (which moves no data: the Read or Write after it is
// checked), Readlink, Fsync, Release and the rest need nothing.
#pragma once

#include "libmagma/errc.h"
#include "libmagma/flare_messages.h"
#include "server/flare_service.h"

namespace magma::server {

struct OpEnv;

// Ok when ctx's caller may make req, or when ctx has no client (a call from inside the
// lava). Otherwise Access (EACCES) or Perm (EPERM) as the same POSIX call would fail. A
// flare or directory that does not exist passes: the operation itself answers NotFound
// or NotDir. REQUIRES: this volcano owns req's route key; no store transaction open.
// Instantiated for every op of libmagma/flare_ops.def.
template <class Request>
Status guard_permission(OpEnv& env, const CallContext& ctx, const Request& req);

}  // namespace magma::server
