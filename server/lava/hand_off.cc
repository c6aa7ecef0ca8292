// Hand-off: copy the rows and data of a range to a joiner, switch the topology, delete.
// The local side runs the namespace node ops' handlers directly (ops::run), not through
// the service: its gate holds the frozen range, and after the switch the range is no
// longer this volcano's.
#include "server/lava/hand_off.h"

#include "libmagma/logging.h"
#include "server/lava.h"

namespace magma::server {

namespace {

Result<Bytes> read_chunk(OpEnv& env, const FlareId& id, uint64_t offset) {
  auto read = ops::run(env, CallContext{}, ReadDataRequest{id, offset, kMaxDataChunk});
  if (!read) return read.status();
  return std::move(read->data);
}

// Copies id's data file in chunks, without a sync: the joiner syncs everything once at
// the end (SyncStorage).
Status copy_data(OpEnv& env, const FlareId& id, const VolcanoInfo& to) {
  for (uint64_t offset = 0;;) {
    Result<Bytes> chunk = read_chunk(env, id, offset);
    if (!chunk) return chunk.status();
    if (chunk->empty()) return Status::ok();
    uint64_t size = chunk->size();
    auto written = env.lava.call(to, WriteDataRequest{id, offset, std::move(*chunk), false});
    if (!written) return written.status();
    if (size < kMaxDataChunk) return Status::ok();  // short: the file's end
    offset += size;
  }
}

Status copy_rows(OpEnv& env, const Slice& range, const VolcanoInfo& to) {
  uint64_t rows = 0, files = 0;
  RowCursor cursor;
  for (;;) {
    auto page = ops::run(env, CallContext{}, ExportRangeRequest{range, cursor, kMaxRowsPerPage});
    if (!page) return page.status();
    if (page->rows.size() > 0) {
      auto imported = env.lava.call(to, ImportRowsRequest{page->rows, false});
      if (!imported) return imported.status();
      rows += page->rows.size();
    }
    for (const InodeRow& inode : page->rows.inodes) {
      if (inode.attr.type != FlareType::Regular) continue;
      MAGMA_RETURN_IF_ERROR(copy_data(env, inode.id, to));
      ++files;
    }
    if (page->next.table == RowCursor::kDone) break;
    cursor = page->next;
  }
  MAGMA_LOG(info) << "handed " << rows << " rows and " << files << " files' data to " << to.nickname;
  return Status::ok();
}

// Deletes the rows of a range given away. They are no longer this volcano's, so what
// fails here is left for fsck rather than failing a join that has happened.
void delete_rows(OpEnv& env, const Slice& range) {
  for (;;) {
    auto deleted = ops::run(env, CallContext{}, DeleteRangeRequest{range, kMaxRowsPerPage});
    if (!deleted) {
      MAGMA_LOG(error) << "rows handed off stay behind: " << deleted.status().to_string();
      return;
    }
    if (deleted->done || deleted->deleted == 0) return;
  }
}

}  // namespace

Status hand_off(OpEnv& env, const Slice& range, const VolcanoInfo& joiner, const Topology& next) {
  MAGMA_RETURN_IF_ERROR(copy_rows(env, range, joiner));
  // Durable on the joiner before this volcano lets go of its own copy.
  auto synced = env.lava.call(joiner, SyncStorageRequest{});
  if (!synced) return synced.status();
  // The joiner first: once this volcano thaws, the requests held back go to the joiner,
  // which must already know it owns them.
  auto pushed = env.lava.call(joiner, PushTopologyRequest{next});
  if (!pushed) return pushed.status();
  Result<bool> adopted = env.lava.adopt(next);
  if (!adopted) {
    MAGMA_LOG(error) << "joiner " << joiner.nickname << " took epoch " << next.epoch
                     << " but this volcano cannot install it: " << adopted.status().to_string();
    return adopted.status();
  }
  delete_rows(env, range);
  return Status::ok();
}

Status give_range(OpEnv& env, const Slice& range, const VolcanoInfo& receiver, const Topology& next) {
  MAGMA_LOG(info) << "handing " << range.start.hex() << ".." << range.stop.hex() << " to " << receiver.nickname;
  env.lava.freeze(range);
  Status handed = hand_off(env, range, receiver, next);
  env.lava.thaw();
  return handed;
}

}  // namespace magma::server
