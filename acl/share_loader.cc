// Loading the share directory: which files, in which order, in which format.
#include "acl/share_loader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "acl/legacy_ini_parser.h"
#include "acl/share_parser.h"
#include "acl/share_text.h"

namespace magma::acl {

namespace fs = std::filesystem;

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

Result<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(Errc::Io, path + ": " + std::strerror(errno));
  std::string text(kMaxShareFileBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) return Status(Errc::Io, path + ": read error");
  if (static_cast<size_t>(in.gcount()) > kMaxShareFileBytes)
    return Status(Errc::Invalid, path + ": larger than " + std::to_string(kMaxShareFileBytes) + " bytes");
  text.resize(static_cast<size_t>(in.gcount()));
  return text;
}

// The share files of dir, sorted by name; an empty list when dir does not exist.
Result<std::vector<std::string>> share_files(const std::string& dir) {
  std::error_code ec;
  auto status = fs::status(dir, ec);
  if (status.type() == fs::file_type::not_found) return std::vector<std::string>{};
  if (ec) return Status(Errc::Io, dir + ": " + ec.message());
  if (!fs::is_directory(status)) return Status(Errc::Invalid, dir + ": not a directory");
  std::vector<std::string> names;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    std::error_code kind;  // a dangling link is not a directory: reading it reports the error
    if (is_share_file_name(name) && !it->is_directory(kind)) names.push_back(name);
  }
  if (ec) return Status(Errc::Io, dir + ": " + ec.message());
  std::sort(names.begin(), names.end());
  std::vector<std::string> files;
  for (const auto& name : names) files.push_back((fs::path(dir) / name).string());
  return files;
}

}  // namespace

bool is_share_file_name(std::string_view name) {
  return !name.empty() && name[0] != '.' && (ends_with(name, ".share") || ends_with(name, ".ini"));
}

Result<Share> parse_share_file(std::string_view text, const std::string& file, const Resolver& resolve) {
  if (!is_legacy_ini(text)) return parse_share(text, file, resolve);
  std::string name = fs::path(file).stem().string();
  if (!is_share_name(name))
    return line_error(file, 0, "'" + name + "' is not a share name: rename the file (letters, digits, '.', '_' and '-')");
  return parse_legacy_ini(text, file, name, resolve);
}

Result<std::shared_ptr<const Acl>> load_shares(const std::string& dir, const Resolver& resolve) {
  auto files = share_files(dir);
  MAGMA_RETURN_IF_ERROR(files);
  if (files->empty()) return Acl::builtin_default("built-in default: no share files in " + dir);
  std::vector<Share> shares;
  for (const std::string& file : *files) {
    auto text = read_text(file);
    MAGMA_RETURN_IF_ERROR(text);
    auto share = parse_share_file(*text, file, resolve);
    MAGMA_RETURN_IF_ERROR(share);
    shares.push_back(std::move(*share));
  }
  return Acl::build(std::move(shares), dir);
}

}  // namespace magma::acl
