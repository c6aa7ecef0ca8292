// Rename: moves (or, with kRenameExchange, swaps) names, with the checks and errors of
// rename(2)/renameat2(2). Coordinated by the owner of from's key; the steps and what a
// crash between them leaves are in ops.h. In short: the new entry and record go in
// first, the old ones go after, a replaced target's link is dropped last; a file keeps an
// extra link while it has two names, a directory's subtree is frozen while it is copied.
//
// Cost: records are keyed by path, so moving a directory re-keys every record, directory
// inode and entry below it (subtree.h): O(size of the subtree). File data never moves,
// since it lives under the flare's id.
#include "libmagma/path.h"
#include "server/ops/steps.h"
#include "server/ops/subtree.h"

namespace magma::server::ops {

namespace {

bool is_dir(const RecordRow& r) { return r.type == FlareType::Directory; }

// The checks that do not depend on the types, in renameat2's order.
Status check_flags_and_nesting(const std::string& from, const std::string& to, bool dst, uint32_t flags) {
  if ((flags & kRenameNoReplace) && dst) return Status(Errc::Exists, to + " exists");
  if ((flags & kRenameExchange) && !dst) return Status(Errc::NotFound, to + " does not exist");
  if (to != from && is_same_or_below(to, from)) return Status(Errc::Invalid, "cannot move " + from + " into itself");
  if (to != from && is_same_or_below(from, to)) {
    if (flags & kRenameExchange) return Status(Errc::Invalid, "cannot exchange " + to + " with its own descendant");
    return Status(Errc::NotEmpty, to + " is not empty");
  }
  return Status::ok();
}

// A plain rename onto an existing target: the types must agree (emptiness: SetDying).
Status check_replace(const RecordRow& src, const RecordRow& dst) {
  if (is_dir(src) && !is_dir(dst)) return Status(Errc::NotDir, dst.path + " is not a directory");
  if (!is_dir(src) && is_dir(dst)) return Status(Errc::IsDir, dst.path + " is a directory");
  return Status::ok();
}

InodeRef ref_at(OpEnv& env, const std::string& path, const RecordRow& flare) {
  return ref_of(env, path, flare.id, flare.type);
}

// Points the entry at path to flare if it names expect (nothing: zero).
Status put_entry(OpEnv& env, const std::string& path, const RecordRow& flare, const FlareId& expect,
                 bool keep_cookie) {
  Result<NamedResponse> put = at_owner(
      env, PutEntryRequest{parent_path(path), std::string(base_name(path)), flare.id, flare.type, expect, keep_cookie});
  if (!put && put.code() == Errc::NotFound) return missing_status(env, path);
  return start_over_if_changed(put);
}

// The steps after the new entry is in place never start the rename over: a refusal below
// a subtree being moved is waited out step by step.
Status put_record(OpEnv& env, const std::string& path, const RecordRow& flare) {
  return retry_busy([&] { return at_owner(env, PutRecordRequest{path, flare.id, flare.type}); }).status();
}

// The record of a subtree's root, put as the subtree's own rows are: past the freeze that
// this rename holds on it.
Status put_root_record(OpEnv& env, const std::string& path, const RecordRow& flare) {
  Rows root;
  root.records.push_back(RecordRow{path, flare.id, flare.type});
  return at_owner(env, ImportRowsRequest{std::move(root), true}).status();
}

// Removes src's old entry. A name that changed meanwhile (another rename replaced it,
// dropping its own link to src) is not this rename's to remove.
Status remove_old_entry(OpEnv& env, const RecordRow& src) {
  Result<NamedResponse> removed = retry_busy([&] {
    return at_owner(env, RemoveEntryRequest{parent_path(src.path), std::string(base_name(src.path)), src.id});
  });
  if (!removed && removed.code() != Errc::NotFound && removed.code() != Errc::Stale) return removed.status();
  return Status::ok();
}

// The replaced target loses its name: deleted unless open (or another link keeps it).
Status drop_replaced(OpEnv& env, const std::optional<RecordRow>& dst, const std::string& to) {
  if (!dst) return Status::ok();
  return add_links(env, ref_at(env, to, *dst), -1).status();
}

// Freezes a directory about to move, then checks that its record still names it: the
// record was read before the freeze, and a move of an ancestor that finished in between
// (its freeze lifted just before ours) has re-keyed the subtree away. Starts over if so.
Status freeze_source(OpEnv& env, Frozen& frozen, const RecordRow& dir) {
  MAGMA_RETURN_IF_ERROR(frozen.add(dir.path));
  std::optional<RecordRow> now;
  MAGMA_RETURN_IF_ERROR(assign(find_record(env, dir.path), now));
  if (!now || now->id != dir.id) return Status(Errc::Busy, dir.path + " moved meanwhile; starting over");
  return Status::ok();
}

Status move_file(OpEnv& env, const RecordRow& src, const std::string& to, const std::optional<RecordRow>& dst) {
  InodeRef ref = ref_at(env, src.path, src);
  // Two names for a while: a concurrent drop of the old one must not delete the flare.
  MAGMA_RETURN_IF_ERROR(add_links(env, ref, 1));
  Status put = put_entry(env, to, src, dst ? dst->id : FlareId{}, false);
  if (!put.is_ok()) {
    Status undone = add_links(env, ref, -1).status();
    return undone.is_ok() ? put : undone;
  }
  MAGMA_RETURN_IF_ERROR(put_record(env, to, src));
  MAGMA_RETURN_IF_ERROR(remove_old_entry(env, src));
  MAGMA_RETURN_IF_ERROR(retry_busy([&] { return at_owner(env, DropRecordRequest{src.path, src.id}); }));
  MAGMA_RETURN_IF_ERROR(add_links(env, ref, -1, false, to));
  return drop_replaced(env, dst, to);
}

Status move_dir(OpEnv& env, const RecordRow& src, const std::string& to, const std::optional<RecordRow>& dst) {
  // Check the new parent first: a subtree copied for a rename that fails is waste.
  RecordRow parent;
  MAGMA_RETURN_IF_ERROR(assign(need_record(env, parent_path(to)), parent));
  if (!is_dir(parent)) return Status(Errc::NotDir, parent.path + " is not a directory");
  FlareId replaced = dst ? dst->id : FlareId{};
  if (dst) MAGMA_RETURN_IF_ERROR(start_over_if_changed(at_owner(env, SetDyingRequest{to, replaced, true})));
  Frozen frozen(env);
  Status s = freeze_source(env, frozen, src);
  bool copying = s.is_ok();  // else nothing was copied: below to, nothing is ours to delete
  if (copying) s = copy_subtree(env, frozen, src.path, to);
  if (s.is_ok()) s = put_entry(env, to, src, replaced, false);
  if (!s.is_ok()) {
    Status undone = copying ? delete_subtree(env, to, /*keep_root_record=*/true, replaced) : Status::ok();
    if (undone.is_ok() && dst) undone = at_owner(env, SetDyingRequest{to, replaced, false}).status();
    return undone.is_ok() ? s : undone;
  }
  MAGMA_RETURN_IF_ERROR(put_root_record(env, to, src));
  MAGMA_RETURN_IF_ERROR(remove_old_entry(env, src));
  MAGMA_RETURN_IF_ERROR(delete_subtree(env, src.path));  // with the record at from
  MAGMA_RETURN_IF_ERROR(add_links(env, ref_at(env, to, src), 0));  // ctime
  return drop_replaced(env, dst, to);
}

// Re-keys the directory sides of an exchange whose entries are already swapped.
Status swap_subtrees(OpEnv& env, Frozen& frozen, const RecordRow& src, const RecordRow& dst) {
  auto move = [&](const std::string& from, const std::string& to) {
    MAGMA_RETURN_IF_ERROR(copy_subtree(env, frozen, from, to));
    return delete_subtree(env, from);
  };
  if (is_dir(src) && is_dir(dst)) {
    std::string park = parking_path();
    MAGMA_RETURN_IF_ERROR(move(src.path, park));
    MAGMA_RETURN_IF_ERROR(move(dst.path, src.path));
    return move(park, dst.path);
  }
  if (is_dir(src)) return move(src.path, dst.path);
  if (is_dir(dst)) return move(dst.path, src.path);
  return Status::ok();
}

Status exchange(OpEnv& env, const RecordRow& src, const RecordRow& dst) {
  Frozen frozen(env);
  for (const RecordRow* side : {&src, &dst})
    if (is_dir(*side)) MAGMA_RETURN_IF_ERROR(freeze_source(env, frozen, *side));
  // Each entry keeps its cookie: an exchange changes what names point at, not the names.
  MAGMA_RETURN_IF_ERROR(put_entry(env, dst.path, src, dst.id, true));
  Status second = put_entry(env, src.path, dst, src.id, true);
  if (!second.is_ok()) {
    Status undone = put_entry(env, dst.path, dst, src.id, true);
    return undone.is_ok() ? second : undone;
  }
  MAGMA_RETURN_IF_ERROR(swap_subtrees(env, frozen, src, dst));
  MAGMA_RETURN_IF_ERROR(put_root_record(env, dst.path, src));
  MAGMA_RETURN_IF_ERROR(put_root_record(env, src.path, dst));
  MAGMA_RETURN_IF_ERROR(add_links(env, ref_at(env, dst.path, src), 0, false, dst.path));  // ctimes
  return add_links(env, ref_at(env, src.path, dst), 0, false, src.path).status();
}

Status rename_once(OpEnv& env, const std::string& from, const std::string& to, uint32_t flags) {
  RecordRow src;
  MAGMA_RETURN_IF_ERROR(assign(need_record(env, from), src));
  std::optional<RecordRow> dst;
  MAGMA_RETURN_IF_ERROR(assign(find_record(env, to), dst));
  MAGMA_RETURN_IF_ERROR(check_flags_and_nesting(from, to, dst.has_value(), flags));
  if (dst && dst->id == src.id) return Status::ok();  // same flare: POSIX does nothing
  if (flags & kRenameExchange) return exchange(env, src, *dst);
  if (dst) MAGMA_RETURN_IF_ERROR(check_replace(src, *dst));
  return is_dir(src) ? move_dir(env, src, to, dst) : move_file(env, src, to, dst);
}

}  // namespace

Result<EmptyResponse> run(OpEnv& env, const CallContext&, const RenameRequest& req) {
  if (req.flags & ~uint32_t{kRenameNoReplace | kRenameExchange})
    return Status(Errc::Invalid, "unknown rename flags");
  if ((req.flags & kRenameNoReplace) && (req.flags & kRenameExchange))
    return Status(Errc::Invalid, "rename flags NoReplace and Exchange exclude each other");
  std::string from, to;
  MAGMA_RETURN_IF_ERROR(assign(normalise_path(req.from), from));
  MAGMA_RETURN_IF_ERROR(assign(normalise_path(req.to), to));
  if (from == "/" || to == "/") return Status(Errc::Busy, "cannot rename /");
  Guards::PathLock lock = env.guards->lock(from);
  MAGMA_RETURN_IF_ERROR(retry_busy([&] { return rename_once(env, from, to, req.flags); }));
  return EmptyResponse{};
}

}  // namespace magma::server::ops
