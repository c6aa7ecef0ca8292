// cd, pwd, ls, cat and erase: the filesystem commands, each a FlareService call (or a
// few) from the peer's address (CommandContext::call says as whom).
#include <algorithm>

#include "libmagma/frame.h"
#include "libmagma/path.h"
#include "server/console/command_groups.h"
#include "server/console/command_line.h"
#include "server/console/console_access.h"
#include "server/console/listing.h"

namespace magma::server::console {

namespace {

// cat prints at most this much of a file: the console is for looking, not for copying.
constexpr uint64_t kMaxCatBytes = 1u << 20;
// ls shows at most this many entries: a listing is built whole in memory.
constexpr size_t kMaxListEntries = 10000;

// The flare at arg (relative to the working directory), with its normalised path.
struct Found {
  std::string path;
  FlareEntry entry;
};
Result<Found> look_up(CommandContext& ctx, const std::string& arg) {
  Result<std::string> path = resolve_path(ctx.session.cwd, arg);
  if (!path) return path.status();
  auto found = ctx.services.service.handle(ctx.call(), LookupRequest{*path});
  if (!found) return found.status();
  return Found{std::move(*path), found->entry};
}

// A listing line, with the target for a symbolic link.
Result<std::string> line_of(CommandContext& ctx, const FlareEntry& e, std::string_view name) {
  if (e.attr.type != FlareType::Symlink) return listing_line(e.attr, name);
  auto link = ctx.services.service.handle(ctx.call(), ReadlinkRequest{e.id});
  if (!link) return link.status();
  return listing_line(e.attr, name, link->target);
}

Result<std::string> list_directory(CommandContext& ctx, const std::string& path) {
  std::string out;
  size_t entries = 0;
  ReadDirRequest req{path, 0, 1024};
  for (;;) {
    auto page = ctx.services.service.handle(ctx.call(), req);
    if (!page) return page.status();
    for (const DirEntry& d : page->entries) {
      if (entries == kMaxListEntries)
        return out + " -- more than " + std::to_string(kMaxListEntries) + " entries; the first shown\n";
      Result<std::string> line = line_of(ctx, d.entry, d.name);
      if (!line) return line.status();
      out += *line;
      ++entries;
      req.cookie = d.cookie;
    }
    if (page->eof || page->entries.empty()) break;
  }
  return out + listing_total(entries);
}

}  // namespace

Result<std::string> cd_command(CommandContext& ctx, const Args& args) {
  Result<Found> dir = look_up(ctx, args.empty() ? "/" : args[0]);
  if (!dir) return dir.status();
  if (dir->entry.attr.type != FlareType::Directory) return Status(Errc::NotDir, dir->path + " is not a directory");
  ctx.session.cwd = dir->path;
  return std::string();
}

Result<std::string> pwd_command(CommandContext& ctx, const Args&) { return ctx.session.cwd + "\n"; }

Result<std::string> ls_command(CommandContext& ctx, const Args& args) {
  Result<Found> found = look_up(ctx, args.empty() ? "" : args[0]);
  if (!found) return found.status();
  if (found->entry.attr.type == FlareType::Directory) return list_directory(ctx, found->path);
  std::string name = found->path == "/" ? "/" : std::string(base_name(found->path));
  Result<std::string> line = line_of(ctx, found->entry, name);
  if (!line) return line.status();
  return *line + listing_total(1);
}

Result<std::string> cat_command(CommandContext& ctx, const Args& args) {
  Result<Found> file = look_up(ctx, args[0]);
  if (!file) return file.status();
  const FlareAttr& attr = file->entry.attr;
  if (attr.type == FlareType::Directory) return Status(Errc::IsDir, file->path + " is a directory");
  if (attr.type != FlareType::Regular) return Status(Errc::Invalid, file->path + " is not a regular file");
  std::string out;
  uint64_t end = std::min(attr.size, kMaxCatBytes);
  while (out.size() < end) {
    uint32_t size = static_cast<uint32_t>(std::min<uint64_t>(kMaxIoSize, end - out.size()));
    auto read = ctx.services.service.handle(ctx.call(), ReadRequest{file->entry.id, out.size(), size});
    if (!read) return read.status();
    if (read->data.empty()) break;  // the file shrank meanwhile
    out.append(reinterpret_cast<const char*>(read->data.data()), read->data.size());
  }
  if (!out.empty() && out.back() != '\n') out += '\n';
  if (attr.size > kMaxCatBytes)
    out += " -- " + std::to_string(attr.size - kMaxCatBytes) + " more bytes not shown\n";
  return out;
}

Result<std::string> erase_command(CommandContext& ctx, const Args& args) {
  MAGMA_RETURN_IF_ERROR(check_local_command(ctx.session.peer, "erase"));
  Result<Found> flare = look_up(ctx, args[0]);
  if (!flare) return flare.status();
  if (flare->entry.attr.type == FlareType::Directory)
    return Status(Errc::IsDir, flare->path + " is a directory: erase removes files, links and devices only");
  auto removed = ctx.services.service.handle(ctx.call(), UnlinkRequest{flare->path});
  if (!removed) return removed.status();
  return "erased " + flare->path + "\n";
}

}  // namespace magma::server::console
