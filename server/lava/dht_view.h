// DhtView: the files of /.dht, one per volcano of the topology (/.dht/<nickname>), whose
// text describes it (dht_description.h). They are virtual: built on demand from this
// volcano's topology and every volcano's Load (asked at most once per kFreshFor), never
// stored, so every volcano answers them itself and none can go stale on a disk. /.dht
// itself is a real directory, created at bootstrap; the view answers its listing.
//
// A virtual file is 0444 root:root, sized to its text; its id is a hash of its path (the
// same on every volcano) and its times are those of the figures it shows. Changes below
// /.dht, to a virtual file, and removing or renaming /.dht fail with Perm.
//
// FlareService::serve asks answer() first for every request: a value is the answer,
// nullopt means "not about /.dht: serve it as usual".
//
// Thread-safety: every method may be called from any thread at once. A call that finds
// the figures older than kFreshFor asks every volcano for its Load before answering
// (blocking; a volcano that does not answer costs its connect timeout).
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libmagma/errc.h"
#include "libmagma/flare_messages.h"
#include "server/flare_service.h"

namespace magma::server {

class Lava;

class DhtView {
 public:
  static constexpr std::chrono::milliseconds kFreshFor{1000};

  // lava must outlive the view.
  explicit DhtView(Lava& lava);
  ~DhtView();

  // Any request but the reads below: Perm when it would change /.dht, else nullopt.
  template <class Request>
  std::optional<Result<typename FlareOpTraits<Request>::Response>> answer(const CallContext&,
                                                                         const Request& req) {
    if (changes_dht(req)) return Status(Errc::Perm, "/.dht is read-only");
    return std::nullopt;
  }
  // The requests the view serves (as non-templates they win over the template above):
  // a lookup below /.dht, the listing of /.dht, and reads of a virtual file.
  std::optional<Result<EntryResponse>> answer(const CallContext&, const LookupRequest& req);
  std::optional<Result<ReadDirResponse>> answer(const CallContext&, const ReadDirRequest& req);
  std::optional<Result<AttrResponse>> answer(const CallContext&, const GetAttrRequest& req);
  std::optional<Result<AttrResponse>> answer(const CallContext&, const OpenRequest& req);
  std::optional<Result<EmptyResponse>> answer(const CallContext&, const ReleaseRequest& req);
  std::optional<Result<ReadResponse>> answer(const CallContext&, const ReadRequest& req);
  std::optional<Result<EmptyResponse>> answer(const CallContext&, const FsyncRequest& req);
  std::optional<Result<ReadlinkResponse>> answer(const CallContext&, const ReadlinkRequest& req);
  std::optional<Result<XattrValueResponse>> answer(const CallContext&, const GetXattrRequest& req);
  std::optional<Result<XattrListResponse>> answer(const CallContext&, const ListXattrRequest& req);

  // The id of /.dht/<nickname>.
  static FlareId file_id(std::string_view nickname);

 private:
  struct File {
    std::string name;  // the volcano's nickname
    uint64_t cookie = 0;  // its place in listings: from its id, so joins never reorder
    FlareEntry entry;
    std::string text;
  };
  // The files at one moment, in cookie order.
  struct Snapshot {
    uint64_t epoch = 0;
    std::chrono::steady_clock::time_point taken;
    std::vector<File> files;
  };

  std::shared_ptr<const Snapshot> snapshot();
  std::shared_ptr<const Snapshot> take_snapshot();
  // The file with id in the current snapshot; nullptr when id is no virtual file (cheap:
  // asks no volcano unless id is one).
  std::pair<std::shared_ptr<const Snapshot>, const File*> file_of(const FlareId& id);
  bool is_file_id(const FlareId& id);

  // Whether a request would change /.dht; requests that change nothing there are false.
  template <class Request>
  bool changes_dht(const Request&) {
    return false;
  }
  bool changes_dht(const MknodRequest& req) { return below_dht(req.path); }
  bool changes_dht(const SymlinkRequest& req) { return below_dht(req.path); }
  bool changes_dht(const UnlinkRequest& req) { return below_dht(req.path); }
  bool changes_dht(const RmdirRequest& req) { return at_or_below_dht(req.path); }
  bool changes_dht(const RenameRequest& req) { return at_or_below_dht(req.from) || at_or_below_dht(req.to); }
  bool changes_dht(const LinkRequest& req) { return is_file_id(req.id) || below_dht(req.new_path); }
  bool changes_dht(const SetAttrRequest& req) { return is_file_id(req.id); }
  bool changes_dht(const WriteRequest& req) { return is_file_id(req.id); }
  bool changes_dht(const SetXattrRequest& req) { return is_file_id(req.id); }
  bool changes_dht(const RemoveXattrRequest& req) { return is_file_id(req.id); }
  static bool below_dht(std::string_view path);
  static bool at_or_below_dht(std::string_view path);

  Lava& lava_;
  // Lock order: refresh_mu_ → mu_ → the Lava's own mutex (its epoch and topology).
  std::mutex refresh_mu_;  // one refresh at a time
  std::mutex mu_;          // guards the members below
  std::shared_ptr<const Snapshot> current_;
  uint64_t ids_epoch_ = 0;        // the epoch ids_ were computed for
  std::vector<FlareId> ids_;      // the virtual files' ids at that epoch
};

}  // namespace magma::server
