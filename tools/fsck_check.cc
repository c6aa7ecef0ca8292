// The cross-check of magmactl fsck: index every volcano's rows, walk the namespace from
// "/" through the entries, then judge every row by what the walk reached.
#include "tools/fsck_check.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <tuple>

#include "libmagma/path.h"

namespace magma::tools {

namespace {

// A row and the volcano that stores it.
template <class Row>
struct Stored {
  Row row;
  std::string volcano;
};

std::string short_id(const FlareId& id) { return id.hex().substr(0, 12); }

// dir/name, without child_path's checks: rows are reported as they are, even malformed.
std::string joined(const std::string& dir, const std::string& name) {
  return dir == "/" ? "/" + name : dir + "/" + name;
}

class Checker {
 public:
  explicit Checker(const Topology& topology) : topology_(topology) {}

  void index(const VolcanoRows& v);
  void walk();
  bool has_root() const { return root_.has_value(); }
  void judge_entries();
  void judge_inodes();
  void judge_records();
  std::vector<Problem> problems() && { return std::move(problems_); }

 private:
  const std::string& owner(const Key& key) const { return topology_.owner_of(key).nickname; }
  void add(ProblemKind kind, std::string volcano, std::string path, std::string detail,
           std::optional<FsckRepair> repair = std::nullopt) {
    problems_.push_back(Problem{kind, std::move(volcano), std::move(path), std::move(detail), std::move(repair)});
  }
  // Keeps row in map at id, preferring the copy on the owner of its placement key;
  // reports a copy stored elsewhere.
  template <class Map, class Row>
  void keep(Map& map, const typename Map::key_type& id, const Row& row, const std::string& volcano,
            const Key& place, const std::string& path, const char* what);
  void check_record(const std::string& path, const FlareId& id, FlareType type);
  void visit(const std::string& dir, const FlareId& dir_id, std::deque<std::pair<std::string, FlareId>>& queue);
  void visit_entry(const Stored<EntryRow>& e, const std::string& child, const FlareId& dir_id,
                   std::deque<std::pair<std::string, FlareId>>& queue);

  const Topology& topology_;
  std::map<std::string, Stored<RecordRow>> records_;
  std::map<FlareId, Stored<FsckInode>> inodes_;
  std::map<std::pair<std::string, std::string>, Stored<EntryRow>> entries_;  // by (dir, name)
  std::map<std::string, std::set<FlareId>> inodes_on_;  // by volcano
  std::vector<std::pair<std::string, FlareId>> data_;   // (volcano, id)
  std::optional<FlareId> root_;
  std::set<std::pair<std::string, std::string>> reached_;  // entries the walk went through
  std::set<std::string> visited_;                          // directory paths walked
  std::set<std::string> wanted_;                           // paths that should have a record
  // Each name once: a directory walked under two paths (a rename cut short) holds the
  // same names twice, which are one link each, not two.
  std::set<std::tuple<FlareId, std::string, FlareId>> counted_;  // (directory, name, flare)
  std::map<FlareId, uint32_t> names_;                      // reachable entries naming an id
  std::map<FlareId, uint32_t> subdirs_;                    // a directory's subdirectories
  std::vector<Problem> problems_;
};

template <class Map, class Row>
void Checker::keep(Map& map, const typename Map::key_type& id, const Row& row, const std::string& volcano,
                   const Key& place, const std::string& path, const char* what) {
  const std::string& right = owner(place);
  if (volcano != right) add(ProblemKind::Misplaced, volcano, path, std::string(what) + " owned by " + right);
  auto [it, fresh] = map.try_emplace(id, Stored<Row>{row, volcano});
  if (!fresh && volcano == right) it->second = Stored<Row>{row, volcano};
}

void Checker::index(const VolcanoRows& v) {
  const std::string& name = v.volcano.nickname;
  for (const RecordRow& r : v.records) keep(records_, r.path, r, name, sha1_key(r.path), r.path, "record");
  for (const FsckInode& in : v.inodes) {
    Key place = in.type == FlareType::Directory ? sha1_key(in.path) : in.id;
    keep(inodes_, in.id, in, name, place, in.path, "inode");
    inodes_on_[name].insert(in.id);
    if (in.type == FlareType::Directory && in.path == "/") root_ = in.id;
  }
  for (const EntryRow& e : v.entries) {
    std::string child = joined(e.dir, e.name);
    keep(entries_, std::make_pair(e.dir, e.name), e, name, sha1_key(e.dir), child, "entry");
  }
  for (const FlareId& id : v.data) data_.emplace_back(name, id);
}

void Checker::check_record(const std::string& path, const FlareId& id, FlareType type) {
  wanted_.insert(path);
  auto rec = records_.find(path);
  if (rec != records_.end() && rec->second.row.id == id && rec->second.row.type == type) return;
  FsckRepair r = fsck_repair(FsckAction::PutRecord, path, "", id);
  r.type = type;
  std::string volcano = owner(sha1_key(path)), detail = "entry names " + short_id(id);
  if (rec != records_.end()) {
    r.expect = rec->second.row.id;
    volcano = rec->second.volcano;
    detail += ", record names " + short_id(r.expect);
  }
  add(ProblemKind::MissingRecord, volcano, path, detail, r);
}

void Checker::walk() {
  if (!root_) {
    add(ProblemKind::NoRoot, topology_.owner_of(sha1_key("/")).nickname, "/", "no directory inode at /");
    return;
  }
  check_record("/", *root_, FlareType::Directory);
  std::deque<std::pair<std::string, FlareId>> queue{{"/", *root_}};
  visited_.insert("/");
  while (!queue.empty()) {
    auto [dir, id] = queue.front();
    queue.pop_front();
    visit(dir, id, queue);
  }
}

void Checker::visit(const std::string& dir, const FlareId& dir_id, std::deque<std::pair<std::string, FlareId>>& queue) {
  for (auto it = entries_.lower_bound({dir, ""}); it != entries_.end() && it->first.first == dir; ++it) {
    reached_.insert(it->first);
    std::string child = joined(dir, it->first.second);
    visit_entry(it->second, child, dir_id, queue);
  }
}

void Checker::visit_entry(const Stored<EntryRow>& e, const std::string& child, const FlareId& dir_id,
                          std::deque<std::pair<std::string, FlareId>>& queue) {
  auto in = inodes_.find(e.row.id);
  if (in == inodes_.end()) {
    add(ProblemKind::DanglingEntry, e.volcano, child, "names " + short_id(e.row.id) + ", which has no inode",
        fsck_repair(FsckAction::DropEntry, e.row.dir, e.row.name, e.row.id));
    return;
  }
  const FsckInode& inode = in->second.row;
  const bool new_name = counted_.emplace(dir_id, e.row.name, inode.id).second;
  if (new_name) ++names_[inode.id];
  if (inode.type != e.row.type)
    add(ProblemKind::TypeMismatch, e.volcano, child,
        std::string("entry says ") + type_name(e.row.type) + ", inode is a " + type_name(inode.type));
  check_record(child, inode.id, inode.type);
  if (inode.type != FlareType::Directory) return;
  if (new_name) ++subdirs_[dir_id];
  if (inode.path != child)
    add(ProblemKind::PathMismatch, in->second.volcano, child, "its inode says " + inode.path);
  // Both paths are walked: the rows of a directory rename cut short stay reachable.
  for (const std::string& p : {child, inode.path})
    if (visited_.insert(p).second) queue.emplace_back(p, inode.id);
}

void Checker::judge_entries() {
  for (const auto& [at, e] : entries_) {
    if (reached_.count(at)) continue;
    std::string child = joined(at.first, at.second);
    add(ProblemKind::UnlistedEntry, e.volcano, child, "in a directory no entry reaches",
        fsck_repair(FsckAction::DropEntry, at.first, at.second, e.row.id));
  }
}

void Checker::judge_inodes() {
  for (const auto& [id, s] : inodes_) {
    const FsckInode& in = s.row;
    const bool root = root_ && id == *root_;
    const uint32_t names = names_.count(id) ? names_[id] : 0;
    const std::string what = std::string(type_name(in.type)) + " " + short_id(id);
    if (!root && names == 0) {
      if (in.nlink == 0) continue;  // kept while open; its volcano deletes it
      FsckRepair r = fsck_repair(FsckAction::DropInode, in.path, "", id);
      r.expect_nlink = in.nlink;
      add(ProblemKind::Orphan, s.volcano, in.path, what + ", nlink " + std::to_string(in.nlink) + ", no entry", r);
      continue;
    }
    const bool dir = in.type == FlareType::Directory;
    const uint32_t expected = dir ? 2 + (subdirs_.count(id) ? subdirs_[id] : 0) : names;
    if (in.nlink != expected) {
      FsckRepair r = fsck_repair(FsckAction::SetLinks, in.path, "", id);
      r.expect_nlink = in.nlink;
      r.nlink = expected;
      add(ProblemKind::LinkCount, s.volcano, in.path,
          what + ", nlink " + std::to_string(in.nlink) + ", should be " + std::to_string(expected), r);
    }
    if (dir && names > 1) add(ProblemKind::ManyNames, s.volcano, in.path, what + ", " + std::to_string(names) + " entries");
    if (dir && in.dying)
      add(ProblemKind::DyingDirectory, s.volcano, in.path, what, fsck_repair(FsckAction::ClearDying, in.path, "", id));
  }
}

void Checker::judge_records() {
  for (const auto& [path, s] : records_)
    if (!wanted_.count(path))
      add(ProblemKind::StrayRecord, s.volcano, path, "names " + short_id(s.row.id) + ", no entry",
          fsck_repair(FsckAction::DropRecord, path, "", s.row.id));
  for (const auto& [volcano, id] : data_)
    if (!inodes_on_[volcano].count(id))
      add(ProblemKind::StrayData, volcano, "", "data file of " + id.hex() + ", no inode",
          fsck_repair(FsckAction::DropData, "", "", id));
}

}  // namespace

const char* problem_name(ProblemKind kind) {
  switch (kind) {
    case ProblemKind::NoRoot: return "no root";
    case ProblemKind::Misplaced: return "misplaced";
    case ProblemKind::PathMismatch: return "path mismatch";
    case ProblemKind::ManyNames: return "directory with many names";
    case ProblemKind::TypeMismatch: return "type mismatch";
    case ProblemKind::DanglingEntry: return "dangling entry";
    case ProblemKind::UnlistedEntry: return "unlisted entry";
    case ProblemKind::MissingRecord: return "missing record";
    case ProblemKind::StrayRecord: return "stray record";
    case ProblemKind::Orphan: return "orphan";
    case ProblemKind::LinkCount: return "link count";
    case ProblemKind::DyingDirectory: return "dying directory";
    case ProblemKind::StrayData: return "stray data";
  }
  return "unknown";
}

std::string Problem::text() const {
  return std::string(problem_name(kind)) + ": " + (path.empty() ? "" : path + " ") + "on " + volcano + " (" +
         detail + ")" + (repair ? "" : " [not repaired by fsck]");
}

std::vector<Problem> check_lava(const Topology& topology, const std::vector<VolcanoRows>& volcanos) {
  Checker checker(topology);
  for (const VolcanoRows& v : volcanos) checker.index(v);
  checker.walk();
  // Without "/" every row would look unlisted: report that alone, repair nothing.
  if (!checker.has_root()) return std::move(checker).problems();
  checker.judge_entries();
  checker.judge_inodes();
  checker.judge_records();
  std::vector<Problem> problems = std::move(checker).problems();
  std::sort(problems.begin(), problems.end(), [](const Problem& a, const Problem& b) {
    return std::tie(a.kind, a.path, a.volcano, a.detail) < std::tie(b.kind, b.path, b.volcano, b.detail);
  });
  return problems;
}

std::vector<Problem> confirmed(const std::vector<Problem>& first, const std::vector<Problem>& second) {
  std::set<std::string> seen;
  for (const Problem& p : first) seen.insert(p.text());
  std::vector<Problem> both;
  for (const Problem& p : second)
    if (seen.count(p.text())) both.push_back(p);
  return both;
}

std::vector<Problem> below(const std::vector<Problem>& problems, const std::string& path) {
  if (path == "/") return problems;
  std::vector<Problem> out;
  for (const Problem& p : problems)
    if (is_same_or_below(p.path, path)) out.push_back(p);
  return out;
}

}  // namespace magma::tools
