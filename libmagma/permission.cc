// POSIX permission decisions over FlareAttr and Credentials.
#include "libmagma/permission.h"

#include <algorithm>
#include <cstdio>
#include <string>

namespace magma {

namespace {

constexpr uint32_t kRoot = 0;
constexpr uint32_t kAnyExecute = S_IXUSR | S_IXGRP | S_IXOTH;

bool owns(const Credentials& creds, const FlareAttr& attr) { return creds.uid == attr.uid; }

// The rwx bits (as AccessWant) that apply to creds: the owner's, the group's or the others'.
uint32_t class_bits(const FlareAttr& attr, const Credentials& creds) {
  if (owns(creds, attr)) return (attr.mode >> 6) & 7;
  if (in_group(creds, attr.gid)) return (attr.mode >> 3) & 7;
  return attr.mode & 7;
}

std::string octal(uint32_t mode) {
  char text[8];
  snprintf(text, sizeof text, "%04o", mode & kPermissionBits);
  return text;
}

Status denied(Errc code, const char* what, const FlareAttr& attr, const Credentials& creds) {
  return Status(code, "uid " + std::to_string(creds.uid) + " may not " + what + " (mode " + octal(attr.mode) +
                          ", owner " + std::to_string(attr.uid) + ":" + std::to_string(attr.gid) + ")");
}

const char* verb_of(uint32_t want) {
  if (want & kMayWrite) return "write";
  if (want & kMayRead) return "read";
  return "execute or search";
}

bool sticky_denies(const FlareAttr& dir, const FlareAttr& victim, const Credentials& creds) {
  return (dir.mode & S_ISVTX) && !is_root(creds) && !owns(creds, victim) && !owns(creds, dir);
}

}  // namespace

bool is_root(const Credentials& creds) { return creds.uid == kRoot; }

bool in_group(const Credentials& creds, uint32_t gid) {
  return creds.gid == gid || std::find(creds.groups.begin(), creds.groups.end(), gid) != creds.groups.end();
}

Status check_access(const FlareAttr& attr, const Credentials& creds, uint32_t want, OwnerOverride override) {
  want &= kMayRead | kMayWrite | kMayExecute;
  if (is_root(creds)) {
    bool runnable = attr.type == FlareType::Directory || (attr.mode & kAnyExecute);
    if (!(want & kMayExecute) || runnable) return Status::ok();
    return denied(Errc::Access, verb_of(want), attr, creds);
  }
  if (override == OwnerOverride::Yes && owns(creds, attr) && !(want & kMayExecute)) return Status::ok();
  if ((class_bits(attr, creds) & want) == want) return Status::ok();
  return denied(Errc::Access, verb_of(want), attr, creds);
}

Status check_may_create(const FlareAttr& dir, const Credentials& creds) {
  if (dir.type != FlareType::Directory) return Status(Errc::NotDir, "not a directory");
  return check_access(dir, creds, kMayWrite | kMayExecute);
}

Status check_may_delete(const FlareAttr& dir, const FlareAttr& victim, const Credentials& creds) {
  MAGMA_RETURN_IF_ERROR(check_may_create(dir, creds));
  if (sticky_denies(dir, victim, creds)) return denied(Errc::Perm, "remove an entry of another owner from", dir, creds);
  return Status::ok();
}

Status check_may_rename(const FlareAttr& from_dir, const FlareAttr& moved, const FlareAttr& to_dir,
                        const FlareAttr* replaced, const Credentials& creds) {
  MAGMA_RETURN_IF_ERROR(check_may_delete(from_dir, moved, creds));
  if (replaced) MAGMA_RETURN_IF_ERROR(check_may_delete(to_dir, *replaced, creds));
  else MAGMA_RETURN_IF_ERROR(check_may_create(to_dir, creds));
  bool new_parent = from_dir.ino != to_dir.ino;
  if (moved.type == FlareType::Directory && new_parent) return check_access(moved, creds, kMayWrite);
  return Status::ok();
}

Status check_may_make(FlareType type, const Credentials& creds) {
  bool device = type == FlareType::CharDevice || type == FlareType::BlockDevice;
  if (device && !is_root(creds))
    return Status(Errc::Perm, "uid " + std::to_string(creds.uid) + " may not make a device");
  return Status::ok();
}

Status check_may_set_attr(const FlareAttr& attr, const Credentials& creds, const SetAttrRequest& req,
                          OwnerOverride override) {
  bool owner_or_root = is_root(creds) || owns(creds, attr);
  uint32_t m = req.mask;
  if ((m & kSetMode) && !owner_or_root) return denied(Errc::Perm, "change the mode", attr, creds);
  if ((m & kSetUid) && !is_root(creds) && !(owns(creds, attr) && req.uid == attr.uid))
    return denied(Errc::Perm, "change the owner", attr, creds);
  if ((m & kSetGid) && !is_root(creds) && !(owns(creds, attr) && (req.gid == attr.gid || in_group(creds, req.gid))))
    return denied(Errc::Perm, "change the group", attr, creds);
  if (m & kSetSize) MAGMA_RETURN_IF_ERROR(check_access(attr, creds, kMayWrite, override));
  if ((m & (kSetAtime | kSetMtime)) && !owner_or_root) return denied(Errc::Perm, "set the times", attr, creds);
  if ((m & (kSetAtimeNow | kSetMtimeNow)) && !owner_or_root)
    return check_access(attr, creds, kMayWrite, override);
  return Status::ok();
}

void drop_privilege_bits(const FlareAttr& attr, const Credentials& creds, SetAttrRequest& req) {
  if ((req.mask & kSetMode) && !is_root(creds) && !in_group(creds, (req.mask & kSetGid) ? req.gid : attr.gid))
    req.mode &= ~uint32_t(S_ISGID);
  if (!(req.mask & (kSetUid | kSetGid)) || attr.type == FlareType::Directory) return;
  uint32_t mode = (req.mask & kSetMode) ? req.mode : attr.mode;
  uint32_t kept = mode & ~uint32_t(S_ISUID);
  if ((mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP)) kept &= ~uint32_t(S_ISGID);
  if (kept == mode) return;
  req.mask |= kSetMode;
  req.mode = kept;
}

}  // namespace magma
