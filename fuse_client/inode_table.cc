// InodeTable: nodeid ↔ flare bookkeeping with honest lookup counts.
#include "fuse_client/inode_table.h"

#include <cstdlib>
#include <vector>

#include "libmagma/logging.h"
#include "libmagma/path.h"
#include "libmagma/routing.h"

namespace magma::fuse {
namespace {

// A broken invariant: the kernel and the table disagree, so nothing after this is safe.
[[noreturn]] void die(const std::string& what) {
  MAGMA_LOG(error) << "inode table invariant broken: " << what;
  std::abort();
}

// Deeper than any path can be: each level adds at least "/x" to kMaxPathLength.
constexpr size_t kMaxDepth = kMaxPathLength / 2 + 1;

}  // namespace

InodeTable::InodeTable(std::string root_path) : root_path_(std::move(root_path)) {}

void InodeTable::set_root(const FlareId& id) {
  std::lock_guard lock(mu_);
  Node& root = nodes_[FUSE_ROOT_ID];
  root.ref = NodeRef{id, FlareType::Directory};
  by_id_[id] = FUSE_ROOT_ID;
}

fuse_ino_t InodeTable::add_lookup(fuse_ino_t parent, std::string_view name,
                                  const FlareEntry& entry) {
  std::lock_guard lock(mu_);
  fuse_ino_t ino;
  auto it = by_id_.find(entry.id);
  if (it != by_id_.end()) {
    ino = it->second;
  } else {
    ino = next_ino_++;
    nodes_[ino].ref = NodeRef{entry.id, entry.attr.type};
    by_id_.emplace(entry.id, ino);
  }
  if (ino == FUSE_ROOT_ID) return ino;
  Node& node = nodes_.at(ino);
  ++node.nlookup;
  if (node.ref.type == FlareType::Directory &&
      (node.parent != parent || node.name != name)) {
    set_place(ino, parent, std::string(name));
  }
  return ino;
}

void InodeTable::forget(fuse_ino_t ino, uint64_t n) {
  if (ino == FUSE_ROOT_ID) return;
  std::lock_guard lock(mu_);
  auto it = nodes_.find(ino);
  if (it == nodes_.end()) die("forget of unknown nodeid " + std::to_string(ino));
  Node& node = it->second;
  if (node.nlookup < n) {
    die("forget of " + std::to_string(n) + " lookups of nodeid " + std::to_string(ino) +
        " that has " + std::to_string(node.nlookup));
  }
  node.nlookup -= n;
  erase_if_unused(ino);
}

Result<NodeRef> InodeTable::get(fuse_ino_t ino) const {
  std::lock_guard lock(mu_);
  auto it = nodes_.find(ino);
  if (it == nodes_.end()) return Status(Errc::Stale, "unknown nodeid " + std::to_string(ino));
  return it->second.ref;
}

Result<FlareRef> InodeTable::locate(fuse_ino_t ino) const {
  Result<NodeRef> node = get(ino);
  if (!node) return node.status();
  FlareRef ref{node->id, node->type, Key{}};
  if (node->type != FlareType::Directory) return ref;
  Result<std::string> path = path_of(ino);
  if (!path) return path.status();
  ref.place = place_for(node->type, *path);
  return ref;
}

Result<NodeRef> InodeTable::parent_of(fuse_ino_t ino) const {
  std::lock_guard lock(mu_);
  auto it = nodes_.find(ino);
  if (it == nodes_.end()) return Status(Errc::Stale, "unknown nodeid " + std::to_string(ino));
  fuse_ino_t parent = ino == FUSE_ROOT_ID ? ino : it->second.parent;
  auto parent_it = nodes_.find(parent);
  if (parent_it == nodes_.end()) return Status(Errc::Stale, "place of directory unknown");
  return parent_it->second.ref;
}

Result<std::string> InodeTable::path_of(fuse_ino_t ino) const {
  std::lock_guard lock(mu_);
  std::vector<const std::string*> names;
  for (fuse_ino_t cur = ino; cur != FUSE_ROOT_ID;) {
    auto it = nodes_.find(cur);
    if (it == nodes_.end()) return Status(Errc::Stale, "unknown nodeid " + std::to_string(cur));
    const Node& node = it->second;
    if (node.ref.type != FlareType::Directory) return Status(Errc::NotDir, "not a directory");
    if (node.parent == 0) return Status(Errc::Stale, "directory was removed or replaced");
    if (names.size() >= kMaxDepth) return Status(Errc::Loop, "directory nesting too deep");
    names.push_back(&node.name);
    cur = node.parent;
  }
  std::string path = root_path_;
  for (auto it = names.rbegin(); it != names.rend(); ++it) {
    if (path.size() > 1) path += '/';
    path += **it;
  }
  if (path.size() > kMaxPathLength) return Status(Errc::NameTooLong, "path too long");
  return path;
}

Result<std::string> InodeTable::child_path(fuse_ino_t parent, std::string_view name) const {
  Result<std::string> dir = path_of(parent);
  if (!dir) return dir.status();
  return magma::child_path(*dir, name);
}

void InodeTable::renamed(fuse_ino_t parent, std::string_view name, fuse_ino_t new_parent,
                         std::string_view new_name, bool exchange) {
  std::lock_guard lock(mu_);
  fuse_ino_t moved = find_at(parent, name);
  fuse_ino_t replaced = find_at(new_parent, new_name);
  if (moved != 0) {
    set_place(moved, new_parent, std::string(new_name));  // unplaces replaced
  } else if (replaced != 0) {
    clear_place(replaced);
    erase_if_unused(replaced);
  }
  if (exchange && replaced != 0 && nodes_.count(replaced) != 0) {
    set_place(replaced, parent, std::string(name));
  }
}

void InodeTable::removed(fuse_ino_t parent, std::string_view name) {
  std::lock_guard lock(mu_);
  fuse_ino_t ino = find_at(parent, name);
  if (ino == 0) return;
  clear_place(ino);
  erase_if_unused(ino);
}

size_t InodeTable::size() const {
  std::lock_guard lock(mu_);
  return nodes_.size();
}

fuse_ino_t InodeTable::find_at(fuse_ino_t parent, std::string_view name) const {
  auto it = by_place_.find(Place(parent, std::string(name)));
  return it == by_place_.end() ? 0 : it->second;
}

bool InodeTable::is_ancestor(fuse_ino_t ancestor, fuse_ino_t ino) const {
  for (size_t depth = 0; ino != 0 && depth <= kMaxDepth; ++depth) {
    if (ino == ancestor) return true;
    auto it = nodes_.find(ino);
    if (it == nodes_.end()) return false;
    ino = it->second.parent;
  }
  return false;
}

void InodeTable::set_place(fuse_ino_t ino, fuse_ino_t parent, std::string name) {
  auto parent_it = nodes_.find(parent);
  // An unknown parent, or one below ino (answers raced with another client's renames),
  // gives no usable place: ino stays unplaced rather than forming a cycle.
  bool usable = parent_it != nodes_.end() && !is_ancestor(ino, parent);
  // Counted before the old place goes, so that clearing it cannot erase the new parent.
  if (usable) ++parent_it->second.children;
  clear_place(ino);
  if (!usable) return;
  fuse_ino_t previous = find_at(parent, name);
  if (previous != 0) clear_place(previous);
  Node& node = nodes_.at(ino);
  node.parent = parent;
  node.name = std::move(name);
  by_place_[Place(parent, node.name)] = ino;
  if (previous != 0) erase_if_unused(previous);
}

void InodeTable::clear_place(fuse_ino_t ino) {
  Node& node = nodes_.at(ino);
  if (node.parent == 0) return;
  auto place = by_place_.find(Place(node.parent, node.name));
  if (place != by_place_.end() && place->second == ino) by_place_.erase(place);
  fuse_ino_t parent = node.parent;
  node.parent = 0;
  node.name.clear();
  Node& parent_node = nodes_.at(parent);
  if (parent_node.children == 0) die("child count underflow at nodeid " + std::to_string(parent));
  --parent_node.children;
  erase_if_unused(parent);
}

void InodeTable::erase_if_unused(fuse_ino_t ino) {
  while (ino != FUSE_ROOT_ID) {
    auto it = nodes_.find(ino);
    if (it == nodes_.end()) return;
    Node& node = it->second;
    if (node.nlookup != 0 || node.children != 0) return;
    fuse_ino_t parent = node.parent;
    if (parent != 0) {
      by_place_.erase(Place(parent, node.name));
      --nodes_.at(parent).children;
    }
    by_id_.erase(node.ref.id);
    nodes_.erase(it);
    ino = parent;  // the parent may have been waiting only for this child
  }
}

}  // namespace magma::fuse
