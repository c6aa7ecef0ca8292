// Rename: moves (or, with kRenameExchange, swaps) names in one transaction, with the
// checks and errors of rename(2)/renameat2(2).
//
// Cost: records are keyed by path, so moving a directory re-keys every record and every
// directory's entries below it, one row update per path: O(size of the subtree). File data
// never moves, since it lives under the flare's id.
#include "libmagma/path.h"
#include "server/ops/names.h"

namespace magma::server::ops {

namespace {

// Never a real path (those start with '/'): parks one side of an exchange.
constexpr const char* kExchangeParking = "\x01exchange";

bool is_dir(const Inode& in) { return in.attr.type == FlareType::Directory; }

struct Sides {
  std::string from, to;
  Inode src, from_parent, to_parent;
  std::optional<Inode> dst;
};

Status load(Txn& t, Sides& s) {
  MAGMA_RETURN_IF_ERROR(assign(resolve(t, s.from), s.src));
  MAGMA_RETURN_IF_ERROR(assign(resolve_parent(t, s.from), s.from_parent));
  MAGMA_RETURN_IF_ERROR(assign(resolve_parent(t, s.to), s.to_parent));
  Result<std::optional<FlareId>> rec = t.record(s.to);
  if (!rec) return rec.status();
  if (!*rec) return Status::ok();
  Inode dst;
  MAGMA_RETURN_IF_ERROR(assign(need_inode(t, **rec), dst));
  s.dst = std::move(dst);
  return Status::ok();
}

// The checks that do not depend on the types, in renameat2's order.
Status check_flags_and_nesting(const Sides& s, uint32_t flags) {
  if ((flags & kRenameNoReplace) && s.dst) return Status(Errc::Exists, s.to + " exists");
  if ((flags & kRenameExchange) && !s.dst) return Status(Errc::NotFound, s.to + " does not exist");
  if (s.to != s.from && is_same_or_below(s.to, s.from))
    return Status(Errc::Invalid, "cannot move " + s.from + " into itself");
  if (s.to != s.from && is_same_or_below(s.from, s.to)) {
    if (flags & kRenameExchange) return Status(Errc::Invalid, "cannot exchange " + s.to + " with its own descendant");
    return Status(Errc::NotEmpty, s.to + " is not empty");
  }
  return Status::ok();
}

// A plain rename onto an existing target: the target must be replaceable by the source.
Status check_replace(Txn& t, const Sides& s) {
  const Inode& dst = *s.dst;
  if (is_dir(s.src) && !is_dir(dst)) return Status(Errc::NotDir, s.to + " is not a directory");
  if (!is_dir(s.src) && is_dir(dst)) return Status(Errc::IsDir, s.to + " is a directory");
  if (is_dir(dst)) {
    Result<bool> busy = t.has_entries(s.to);
    if (!busy) return busy.status();
    if (*busy) return Status(Errc::NotEmpty, s.to + " is not empty");
  }
  return Status::ok();
}

Status move(Txn& t, const Sides& s, int64_t now) {
  MAGMA_RETURN_IF_ERROR(t.delete_entry(parent_path(s.from), base_name(s.from)));
  MAGMA_RETURN_IF_ERROR(t.insert_entry(parent_path(s.to), base_name(s.to), s.src.id, s.src.attr.type));
  MAGMA_RETURN_IF_ERROR(t.move_subtree(s.from, s.to));
  int subdir = is_dir(s.src) ? 1 : 0;  // the ".." that moves between the parents
  MAGMA_RETURN_IF_ERROR(t.touch_dir(s.from_parent.id, -subdir, now));
  MAGMA_RETURN_IF_ERROR(t.touch_dir(s.to_parent.id, subdir, now));
  return t.add_links(s.src.id, 0, now);
}

Status exchange(Txn& t, const Sides& s, int64_t now) {
  const Inode& dst = *s.dst;
  MAGMA_RETURN_IF_ERROR(t.update_entry(parent_path(s.from), base_name(s.from), dst.id, dst.attr.type));
  MAGMA_RETURN_IF_ERROR(t.update_entry(parent_path(s.to), base_name(s.to), s.src.id, s.src.attr.type));
  MAGMA_RETURN_IF_ERROR(t.move_subtree(s.from, kExchangeParking));
  MAGMA_RETURN_IF_ERROR(t.move_subtree(s.to, s.from));
  MAGMA_RETURN_IF_ERROR(t.move_subtree(kExchangeParking, s.to));
  // from's parent trades src for dst: its subdirectory count changes when one is a
  // directory and the other is not.
  int delta = (is_dir(dst) ? 1 : 0) - (is_dir(s.src) ? 1 : 0);
  MAGMA_RETURN_IF_ERROR(t.touch_dir(s.from_parent.id, delta, now));
  MAGMA_RETURN_IF_ERROR(t.touch_dir(s.to_parent.id, -delta, now));
  MAGMA_RETURN_IF_ERROR(t.add_links(s.src.id, 0, now));
  return t.add_links(dst.id, 0, now);
}

Status rename_in(OpEnv& env, Txn& t, Sides& s, uint32_t flags, Doomed& doomed) {
  MAGMA_RETURN_IF_ERROR(load(t, s));
  MAGMA_RETURN_IF_ERROR(check_flags_and_nesting(s, flags));
  if (s.dst && s.dst->id == s.src.id) return Status::ok();  // same flare: POSIX does nothing
  int64_t now = now_ns();
  if (flags & kRenameExchange) return exchange(t, s, now);
  if (s.dst) {
    MAGMA_RETURN_IF_ERROR(check_replace(t, s));
    MAGMA_RETURN_IF_ERROR(remove_name(t, s.to_parent.id, s.to, s.dst->attr.type, now));
    MAGMA_RETURN_IF_ERROR(drop_link(env, t, s.dst->id, s.to, now, doomed));
  }
  return move(t, s, now);
}

}  // namespace

Result<EmptyResponse> run(OpEnv& env, const CallContext&, const RenameRequest& req) {
  if (req.flags & ~uint32_t{kRenameNoReplace | kRenameExchange})
    return Status(Errc::Invalid, "unknown rename flags");
  if ((req.flags & kRenameNoReplace) && (req.flags & kRenameExchange))
    return Status(Errc::Invalid, "rename flags NoReplace and Exchange exclude each other");
  Sides s;
  MAGMA_RETURN_IF_ERROR(assign(normalise_path(req.from), s.from));
  MAGMA_RETURN_IF_ERROR(assign(normalise_path(req.to), s.to));
  if (s.from == "/" || s.to == "/") return Status(Errc::Busy, "cannot rename /");
  Doomed doomed;
  MAGMA_RETURN_IF_ERROR(env.store.write([&](Txn& t) { return rename_in(env, t, s, req.flags, doomed); }));
  remove_data(env, doomed);
  return EmptyResponse{};
}

}  // namespace magma::server::ops
