// magmactl ls PATH: a directory's entries (or one flare) with their attributes, without
// a mount: as a table like `ls -l`, or as JSON.
#include <ctime>
#include <iostream>

#include "libmagma/path.h"
#include "tools/command.h"
#include "tools/flare_io.h"
#include "tools/table.h"

namespace magma::tools {
namespace {

const CommandSpec kLsSpec{
    "ls", "PATH",
    "Lists the directory at PATH (a path inside the lava, '/a/b'), or PATH itself when it\n"
    "is not a directory: type and mode, links, owner, group, size, modification time\n"
    "(UTC) and name, '-> target' for a symbolic link. Asks as the user who runs it."};

constexpr uint32_t kPage = 1024;

struct Listed {
  std::string name;
  FlareEntry entry;
  std::string target;  // a symlink's
};

std::string time_text(int64_t ns) {
  std::time_t secs = static_cast<std::time_t>(ns / 1000000000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
  return buf;
}

// Every entry of the directory at path, page by page.
Result<std::vector<Listed>> list_dir(LavaClient& lava, const std::string& path) {
  std::vector<Listed> out;
  for (uint64_t cookie = 0;;) {
    auto page = lava.call(process_credentials(), ReadDirRequest{path, cookie, kPage});
    if (!page) return page.status();
    for (DirEntry& e : page->entries) out.push_back(Listed{std::move(e.name), e.entry, ""});
    if (page->eof || page->entries.empty()) return out;
    cookie = page->entries.back().cookie;
  }
}

Status fill_targets(LavaClient& lava, std::vector<Listed>& listed) {
  for (Listed& l : listed) {
    if (l.entry.attr.type != FlareType::Symlink) continue;
    auto link = lava.call(process_credentials(), ReadlinkRequest{l.entry.id});
    if (!link) return link.status();
    l.target = link->target;
  }
  return Status::ok();
}

void print_table(const std::vector<Listed>& listed, std::ostream& out) {
  Table table({{"MODE"}, {"LINKS", Align::Right}, {"UID", Align::Right}, {"GID", Align::Right},
               {"SIZE", Align::Right}, {"MODIFIED"}, {"NAME"}});
  for (const Listed& l : listed) {
    const FlareAttr& a = l.entry.attr;
    table.add_row({mode_text(a), std::to_string(a.nlink), std::to_string(a.uid), std::to_string(a.gid),
                   std::to_string(a.size), time_text(a.mtime_ns),
                   l.target.empty() ? l.name : l.name + " -> " + l.target});
  }
  table.print(out);
}

Json listed_json(const std::vector<Listed>& listed) {
  Json all = Json::array();
  for (const Listed& l : listed) {
    const FlareAttr& a = l.entry.attr;
    Json j = {{"name", l.name}, {"type", type_name(a.type)}, {"mode", a.mode}, {"nlink", a.nlink},
              {"uid", a.uid},   {"gid", a.gid},              {"size", a.size}, {"mtime_ns", a.mtime_ns},
              {"ino", a.ino},   {"id", l.entry.id.hex()}};
    if (a.type == FlareType::Symlink) j["target"] = l.target;
    all.push_back(std::move(j));
  }
  return all;
}

}  // namespace

int ls_command(const GlobalOptions& global, const std::vector<std::string>& args) {
  po::options_description options("Options");
  bool json = false;
  std::string raw_path;
  options.add_options()("json", po::bool_switch(&json), "print JSON instead of a table");
  po::options_description operands;
  operands.add_options()("path", po::value(&raw_path), "the path inside the lava");
  po::positional_options_description positional;
  positional.add("path", 1);
  po::variables_map vm;
  if (auto done = parse_command_line(kLsSpec, args, options, vm, operands, positional)) return *done;
  if (!vm.count("path")) return usage_error(kLsSpec, "missing PATH");

  Result<std::string> path = normalise_path(raw_path);
  if (!path) return fail("bad path '" + raw_path + "'", path.status());
  auto lava = connect_lava(global);
  if (!lava) return fail("cannot reach the lava at " + global.host.to_string(), lava.status());
  auto found = (*lava)->call(process_credentials(), LookupRequest{*path});
  if (!found) return fail(*path, found.status());
  std::vector<Listed> listed{Listed{*path, found->entry, ""}};
  if (found->entry.attr.type == FlareType::Directory) {
    Result<std::vector<Listed>> entries = list_dir(**lava, *path);
    if (!entries) return fail(*path, entries.status());
    listed = std::move(*entries);
  }
  if (Status s = fill_targets(**lava, listed); !s.is_ok()) return fail(*path, s);
  if (json)
    print_json(listed_json(listed), std::cout);
  else
    print_table(listed, std::cout);
  return kExitOk;
}

}  // namespace magma::tools
