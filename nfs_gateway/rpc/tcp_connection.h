// TcpConnection: one client connection of the RPC server. A reader coroutine joins record
// fragments into calls and posts each to the worker pool; replies come back to the
// connection's strand, where one writer coroutine sends them in completion order (the
// client matches them by xid), so a slow call holds back no other on the connection.
//
// Limits that keep one client from hurting others: at most kMaxCallsInFlight calls of a
// connection run or wait at once (the reader pauses), a record longer than the server's
// bound closes the connection before it is allocated, and a record that has started must
// be whole within kRecordDeadline.
#pragma once

#include <utility>  // before Asio: Boost 1.74 uses std::exchange without it
#include <boost/asio.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>

#include "nfs_gateway/rpc/record_marking.h"
#include "nfs_gateway/rpc/rpc_dispatcher.h"

namespace magma::nfs::rpc {

constexpr size_t kMaxCallsInFlight = 64;
constexpr std::chrono::seconds kRecordDeadline{30};

class TcpConnection : public std::enable_shared_from_this<TcpConnection> {
 public:
  // workers and dispatcher outlive the connection.
  TcpConnection(boost::asio::ip::tcp::socket socket, boost::asio::thread_pool& workers,
                RpcDispatcher& dispatcher, size_t max_record_bytes);
  // Spawns the reader, the writer and the watchdog on the connection's strand.
  void start();
  // Closes the socket: the coroutines end and calls still running reply into the void.
  // On the strand, or once the io threads have stopped.
  void close();

 private:
  using Strand = boost::asio::strand<boost::asio::any_io_executor>;
  boost::asio::awaitable<void> read_loop();
  boost::asio::awaitable<bool> read_record();
  boost::asio::awaitable<void> write_loop();
  boost::asio::awaitable<void> watchdog_loop();
  boost::asio::awaitable<void> wait_for_slot();
  void run_call(Bytes record);                       // posts to the workers
  void send(std::shared_ptr<const Bytes> reply);     // on the strand
  void release_slot();                               // on the strand: a call's reply is out

  boost::asio::ip::tcp::socket socket_;  // strand only
  Strand strand_;
  boost::asio::thread_pool& workers_;
  RpcDispatcher& dispatcher_;
  RpcCaller peer_;
  RecordAssembler assembler_;                            // reader only
  boost::asio::steady_timer writer_wakeup_;              // cancelled when a reply is queued
  boost::asio::steady_timer slot_wakeup_;                // cancelled when a call finishes
  boost::asio::steady_timer watchdog_;                   // ticks; cancelled by close()
  std::deque<std::shared_ptr<const Bytes>> replies_;     // strand only
  size_t in_flight_ = 0;                                 // strand only
  // When the record being read started to arrive; empty between records. Strand only.
  std::optional<std::chrono::steady_clock::time_point> record_since_;
};

}  // namespace magma::nfs::rpc
