// POSIX permission decisions: pure functions over a flare's attributes and the caller's
// Credentials, shared by every door that checks them itself (the NFS gateway today, the
// FlareService for every door later). Nothing here knows a protocol.
//
// Each check returns ok, or the error the same POSIX call would fail with: Access (EACCES)
// for a denied read/write/search, Perm (EPERM) for a change only the owner or root may make
// (chmod, chown, explicit times, sticky-directory removals, devices). NotDir where a
// directory was needed. uid 0 is root; a door that squashes root maps it away first.
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>

#include "libmagma/errc.h"
#include "libmagma/flare_attr.h"
#include "libmagma/flare_messages.h"

namespace magma {

// What a caller wants to do with a flare, as the r/w/x bits of a mode.
enum AccessWant : uint32_t {
  kMayExecute = 1,  // run a file, search a directory
  kMayWrite = 2,
  kMayRead = 4,
};

// Whether the owner of a file may read and write it whatever its mode, as NFS servers
// allow (knfsd's "owner override"). A local process checks the mode when it opens a file
// and keeps the descriptor; an NFS server is stateless and sees every READ and WRITE as a
// new request, so `cp` of a 0444 file (create, chmod 0444 on the open descriptor, then
// write) or a program that fchmods its open file to 0 would fail half-way. The override
// grants only what the owner could grant himself by chmod; it never covers execute.
enum class OwnerOverride : bool { No, Yes };

// True when gid is the caller's gid or one of its supplementary groups.
bool in_group(const Credentials& creds, uint32_t gid);

// True for uid 0, who passes most checks below (each says how).
bool is_root(const Credentials& creds);

// May creds do want (AccessWant bits) to the flare? POSIX: the owner's bits apply to the
// owner, else the group's to a member of the group, else the others'. Root may read and
// write anything, search any directory, and execute a file that has any x bit. Access.
Status check_access(const FlareAttr& attr, const Credentials& creds, uint32_t want,
                    OwnerOverride override = OwnerOverride::No);

// May creds add an entry to dir (create, link, rename into)? dir must be a directory
// (NotDir) the caller may write and search (Access).
Status check_may_create(const FlareAttr& dir, const Credentials& creds);

// May creds remove the entry naming victim from dir (unlink, rmdir, rename away)? As
// check_may_create, and in a sticky directory (S_ISVTX) only the owner of victim or of
// dir, or root, may (Perm).
Status check_may_delete(const FlareAttr& dir, const FlareAttr& victim, const Credentials& creds);

// May creds move moved from from_dir into to_dir, replacing replaced (nullptr: nothing)?
// Removal from from_dir, creation in to_dir, removal of replaced; a directory that
// changes parent must also be writable itself (its ".." changes).
Status check_may_rename(const FlareAttr& from_dir, const FlareAttr& moved, const FlareAttr& to_dir,
                        const FlareAttr* replaced, const Credentials& creds);

// Character and block devices are made by root only (Perm), as mknod(2) without
// CAP_MKNOD; FIFOs, sockets and the rest by anyone.
Status check_may_make(FlareType type, const Credentials& creds);

// May creds apply req (its mask) to the flare with attr? chmod: owner or root (Perm).
// chown: root, or the owner keeping his own uid (Perm). chgrp: root, or the owner to a
// group he is in (Perm). size: write access, with override (Access). Times set to given
// values: owner or root (Perm); to the server's clock: also anyone who may write
// (Access, with override).
Status check_may_set_attr(const FlareAttr& attr, const Credentials& creds, const SetAttrRequest& req,
                          OwnerOverride override = OwnerOverride::No);

// What the kernel does to the privilege bits of an allowed SetAttr, done to req: a chmod
// by a caller who is neither root nor in the flare's group loses S_ISGID; a chown or chgrp
// of a non-directory, by anyone and even to the same owner (POSIX clears the bits on every
// successful chown; Linux and knfsd do so for root too), clears S_ISUID, and S_ISGID when
// group-execute is set (then it marks an executable, not mandatory locking), adding the
// mode to req.
void drop_privilege_bits(const FlareAttr& attr, const Credentials& creds, SetAttrRequest& req);

}  // namespace magma
