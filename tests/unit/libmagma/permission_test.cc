// Tests of libmagma/permission.h: POSIX access classes, root, the owner override,
// sticky directories, rename, devices and the SetAttr rules, each allowed and refused.
#include "libmagma/permission.h"

#include <boost/test/unit_test.hpp>

#include "tests/unit/libmagma/test_print.h"

namespace magma {
namespace {

constexpr uint32_t kOwner = 1000, kGroup = 100, kStranger = 2000, kOtherGroup = 200;

FlareAttr file(uint32_t mode, uint32_t uid = kOwner, uint32_t gid = kGroup) {
  FlareAttr a;
  a.type = FlareType::Regular;
  a.mode = mode;
  a.uid = uid;
  a.gid = gid;
  a.ino = 7;
  return a;
}
FlareAttr dir(uint32_t mode, uint32_t uid = kOwner, uint32_t gid = kGroup, uint64_t ino = 11) {
  FlareAttr a = file(mode, uid, gid);
  a.type = FlareType::Directory;
  a.ino = ino;
  return a;
}
Credentials as(uint32_t uid, uint32_t gid, std::vector<uint32_t> groups = {}) {
  Credentials c;
  c.uid = uid;
  c.gid = gid;
  c.groups = std::move(groups);
  return c;
}
Errc code(const Status& s) { return s.code(); }

BOOST_AUTO_TEST_SUITE(permission)

BOOST_AUTO_TEST_CASE(the_first_matching_class_decides) {
  FlareAttr a = file(0640);
  BOOST_TEST(code(check_access(a, as(kOwner, kGroup), kMayRead | kMayWrite)) == Errc::Ok);
  BOOST_TEST(code(check_access(a, as(kStranger, kGroup), kMayRead)) == Errc::Ok);
  BOOST_TEST(code(check_access(a, as(kStranger, kGroup), kMayWrite)) == Errc::Access);
  BOOST_TEST(code(check_access(a, as(kStranger, kOtherGroup), kMayRead)) == Errc::Access);
  // A supplementary group counts as the group.
  BOOST_TEST(code(check_access(a, as(kStranger, kOtherGroup, {5, kGroup}), kMayRead)) == Errc::Ok);
  // The owner's bits apply to the owner even when the others' would allow more.
  FlareAttr odd = file(0077);
  BOOST_TEST(code(check_access(odd, as(kOwner, kGroup), kMayRead)) == Errc::Access);
  BOOST_TEST(code(check_access(odd, as(kStranger, kOtherGroup), kMayRead)) == Errc::Ok);
}

BOOST_AUTO_TEST_CASE(root_reads_and_writes_all_but_executes_only_with_an_x_bit) {
  Credentials root = as(0, 0);
  BOOST_TEST(code(check_access(file(0000), root, kMayRead | kMayWrite)) == Errc::Ok);
  BOOST_TEST(code(check_access(file(0644), root, kMayExecute)) == Errc::Access);
  BOOST_TEST(code(check_access(file(0001), root, kMayExecute)) == Errc::Ok);
  BOOST_TEST(code(check_access(dir(0000), root, kMayExecute)) == Errc::Ok);
}

BOOST_AUTO_TEST_CASE(the_owner_override_covers_read_and_write_but_not_execute) {
  FlareAttr locked = file(0000);
  Credentials owner = as(kOwner, kGroup);
  BOOST_TEST(code(check_access(locked, owner, kMayWrite)) == Errc::Access);
  BOOST_TEST(code(check_access(locked, owner, kMayRead | kMayWrite, OwnerOverride::Yes)) == Errc::Ok);
  BOOST_TEST(code(check_access(locked, owner, kMayExecute, OwnerOverride::Yes)) == Errc::Access);
  BOOST_TEST(code(check_access(locked, as(kStranger, kGroup), kMayRead, OwnerOverride::Yes)) == Errc::Access);
}

BOOST_AUTO_TEST_CASE(creating_needs_write_and_search_on_a_directory) {
  BOOST_TEST(code(check_may_create(dir(0755), as(kOwner, kGroup))) == Errc::Ok);
  BOOST_TEST(code(check_may_create(dir(0755), as(kStranger, kGroup))) == Errc::Access);
  BOOST_TEST(code(check_may_create(dir(0775), as(kStranger, kGroup))) == Errc::Ok);
  BOOST_TEST(code(check_may_create(dir(0666), as(kStranger, kGroup))) == Errc::Access);  // no x
  BOOST_TEST(code(check_may_create(file(0777), as(kOwner, kGroup))) == Errc::NotDir);
}

BOOST_AUTO_TEST_CASE(a_sticky_directory_keeps_strangers_from_removing_others_entries) {
  FlareAttr tmp = dir(01777, 0, 0);
  FlareAttr theirs = file(0644, kOwner);
  BOOST_TEST(code(check_may_delete(tmp, theirs, as(kStranger, kOtherGroup))) == Errc::Perm);
  BOOST_TEST(code(check_may_delete(tmp, theirs, as(kOwner, kGroup))) == Errc::Ok);
  BOOST_TEST(code(check_may_delete(tmp, theirs, as(0, 0))) == Errc::Ok);
  // The directory's owner may remove any entry.
  FlareAttr owned_tmp = dir(01777, kStranger);
  BOOST_TEST(code(check_may_delete(owned_tmp, theirs, as(kStranger, kOtherGroup))) == Errc::Ok);
  // Without the sticky bit, write permission on the directory is enough.
  BOOST_TEST(code(check_may_delete(dir(0777, 0, 0), theirs, as(kStranger, kOtherGroup))) == Errc::Ok);
}

BOOST_AUTO_TEST_CASE(rename_checks_both_directories_the_target_and_a_moved_directory) {
  Credentials user = as(kStranger, kGroup);
  FlareAttr from = dir(0777, 0, 0, 20), to = dir(0777, 0, 0, 21), locked = dir(0755, 0, 0, 22);
  BOOST_TEST(code(check_may_rename(from, file(0644), to, nullptr, user)) == Errc::Ok);
  BOOST_TEST(code(check_may_rename(from, file(0644), locked, nullptr, user)) == Errc::Access);
  BOOST_TEST(code(check_may_rename(locked, file(0644), to, nullptr, user)) == Errc::Access);
  FlareAttr sticky_to = dir(01777, 0, 0, 23);
  FlareAttr target = file(0644, kOwner);
  BOOST_TEST(code(check_may_rename(from, file(0644), sticky_to, &target, user)) == Errc::Perm);
  // A directory moving to another parent rewrites its "..": it must be writable.
  FlareAttr moved = dir(0555, kStranger, kGroup, 30);
  BOOST_TEST(code(check_may_rename(from, moved, to, nullptr, user)) == Errc::Access);
  BOOST_TEST(code(check_may_rename(from, moved, from, nullptr, user)) == Errc::Ok);
}

BOOST_AUTO_TEST_CASE(only_root_makes_devices) {
  BOOST_TEST(code(check_may_make(FlareType::CharDevice, as(kOwner, kGroup))) == Errc::Perm);
  BOOST_TEST(code(check_may_make(FlareType::BlockDevice, as(kOwner, kGroup))) == Errc::Perm);
  BOOST_TEST(code(check_may_make(FlareType::BlockDevice, as(0, 0))) == Errc::Ok);
  BOOST_TEST(code(check_may_make(FlareType::Fifo, as(kOwner, kGroup))) == Errc::Ok);
  BOOST_TEST(code(check_may_make(FlareType::Socket, as(kOwner, kGroup))) == Errc::Ok);
}

SetAttrRequest setting(uint32_t mask) {
  SetAttrRequest r;
  r.mask = mask;
  return r;
}

BOOST_AUTO_TEST_CASE(chmod_and_explicit_times_belong_to_the_owner_and_root) {
  FlareAttr a = file(0666);
  for (uint32_t mask : {uint32_t(kSetMode), uint32_t(kSetAtime), uint32_t(kSetMtime)}) {
    BOOST_TEST(code(check_may_set_attr(a, as(kOwner, kGroup), setting(mask))) == Errc::Ok);
    BOOST_TEST(code(check_may_set_attr(a, as(0, 0), setting(mask))) == Errc::Ok);
    BOOST_TEST(code(check_may_set_attr(a, as(kStranger, kGroup), setting(mask))) == Errc::Perm);
  }
}

BOOST_AUTO_TEST_CASE(times_set_to_now_need_only_write_permission) {
  SetAttrRequest now = setting(kSetAtimeNow | kSetMtimeNow);
  BOOST_TEST(code(check_may_set_attr(file(0666), as(kStranger, kOtherGroup), now)) == Errc::Ok);
  BOOST_TEST(code(check_may_set_attr(file(0644), as(kStranger, kOtherGroup), now)) == Errc::Access);
  BOOST_TEST(code(check_may_set_attr(file(0444), as(kOwner, kGroup), now)) == Errc::Ok);
}

BOOST_AUTO_TEST_CASE(chown_is_roots_and_chgrp_the_owners_to_his_groups) {
  FlareAttr a = file(0644);
  SetAttrRequest give = setting(kSetUid);
  give.uid = kStranger;
  BOOST_TEST(code(check_may_set_attr(a, as(kOwner, kGroup), give)) == Errc::Perm);
  BOOST_TEST(code(check_may_set_attr(a, as(0, 0), give)) == Errc::Ok);
  SetAttrRequest keep = setting(kSetUid);
  keep.uid = kOwner;
  BOOST_TEST(code(check_may_set_attr(a, as(kOwner, kGroup), keep)) == Errc::Ok);
  SetAttrRequest chgrp = setting(kSetGid);
  chgrp.gid = kOtherGroup;
  BOOST_TEST(code(check_may_set_attr(a, as(kOwner, kGroup), chgrp)) == Errc::Perm);
  BOOST_TEST(code(check_may_set_attr(a, as(kOwner, kGroup, {kOtherGroup}), chgrp)) == Errc::Ok);
  BOOST_TEST(code(check_may_set_attr(a, as(kStranger, kOtherGroup), chgrp)) == Errc::Perm);
}

BOOST_AUTO_TEST_CASE(truncating_needs_write_with_the_override_when_asked) {
  SetAttrRequest truncate = setting(kSetSize);
  BOOST_TEST(code(check_may_set_attr(file(0444), as(kOwner, kGroup), truncate)) == Errc::Access);
  BOOST_TEST(code(check_may_set_attr(file(0444), as(kOwner, kGroup), truncate, OwnerOverride::Yes)) == Errc::Ok);
  BOOST_TEST(code(check_may_set_attr(file(0664), as(kStranger, kGroup), truncate)) == Errc::Ok);
  BOOST_TEST(code(check_may_set_attr(file(0644), as(kStranger, kGroup), truncate, OwnerOverride::Yes)) == Errc::Access);
}

BOOST_AUTO_TEST_CASE(chmod_outside_the_group_drops_setgid) {
  SetAttrRequest chmod = setting(kSetMode);
  chmod.mode = 02755;
  FlareAttr a = file(0755, kOwner, kOtherGroup);
  SetAttrRequest stranger_group = chmod;
  drop_privilege_bits(a, as(kOwner, kGroup), stranger_group);
  BOOST_TEST(stranger_group.mode == 0755u);
  SetAttrRequest member = chmod;
  drop_privilege_bits(a, as(kOwner, kGroup, {kOtherGroup}), member);
  BOOST_TEST(member.mode == 02755u);
  SetAttrRequest root = chmod;
  drop_privilege_bits(a, as(0, 0), root);
  BOOST_TEST(root.mode == 02755u);
}

BOOST_AUTO_TEST_CASE(a_new_owner_clears_setuid_and_executable_setgid) {
  SetAttrRequest chown = setting(kSetUid);
  chown.uid = kStranger;
  SetAttrRequest exec_file = chown;
  drop_privilege_bits(file(06755), as(0, 0), exec_file);
  BOOST_TEST((exec_file.mask & kSetMode) != 0u);
  BOOST_TEST(exec_file.mode == 0755u);
  // Without group-execute, setgid marks mandatory locking and stays.
  SetAttrRequest locking = chown;
  drop_privilege_bits(file(06644), as(0, 0), locking);
  BOOST_TEST(locking.mode == 02644u);
  // Directories keep their bits.
  SetAttrRequest on_dir = chown;
  drop_privilege_bits(dir(02755), as(0, 0), on_dir);
  BOOST_TEST((on_dir.mask & kSetMode) == 0u);
  // Without setuid or an executable setgid there is nothing to clear.
  SetAttrRequest plain = chown;
  drop_privilege_bits(file(0755), as(0, 0), plain);
  BOOST_TEST((plain.mask & kSetMode) == 0u);
}

BOOST_AUTO_TEST_CASE(any_chown_or_chgrp_clears_setuid_even_to_the_same_owner) {
  // POSIX: bits are cleared on every successful chown of a non-directory, not only on a
  // change (as chown(2) on Linux, and knfsd).
  SetAttrRequest same_owner = setting(kSetUid);
  same_owner.uid = kOwner;
  drop_privilege_bits(file(04755), as(kOwner, kGroup), same_owner);
  BOOST_TEST((same_owner.mask & kSetMode) != 0u);
  BOOST_TEST(same_owner.mode == 0755u);
  SetAttrRequest same_group = setting(kSetGid);
  same_group.gid = kGroup;
  drop_privilege_bits(file(06750), as(kOwner, kGroup), same_group);
  BOOST_TEST(same_group.mode == 0750u);
  // A chmod asked at the same time loses the bits from the mode it asks for.
  SetAttrRequest with_mode = setting(kSetGid | kSetMode);
  with_mode.gid = kGroup;
  with_mode.mode = 04711;
  drop_privilege_bits(file(0644), as(kOwner, kGroup), with_mode);
  BOOST_TEST(with_mode.mode == 0711u);
}

BOOST_AUTO_TEST_CASE(root_is_uid_zero_only) {
  BOOST_TEST(is_root(as(0, 5)));
  BOOST_TEST(!is_root(as(1, 0, {0})));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma
