#include "io/sweep_dispatch.hpp"

#include <string>
#include <utility>

namespace biasbound::io {
namespace {

// A request carries the previous cell's result (JSON null for the first request); an
// assignment carries a cell index; a release ends the rank's part of the sweep.
enum Tag : int { kRequest = 1, kAssign = 2, kRelease = 3 };

}  // namespace

CellDispatcher::CellDispatcher(const methods::MpiSession& session, std::deque<int>& pending,
                               Deliver deliver)
    : session_(session),
      pending_(pending),
      deliver_(std::move(deliver)),
      given_(static_cast<std::size_t>(session.size()), -1) {}

void CellDispatcher::serve() {
  while (auto envelope = session_.try_receive()) handle(*envelope);
}

void CellDispatcher::finish(const std::function<void(int busy)>& waiting) {
  while (released_ < session_.size() - 1) {
    waiting(busy());
    handle(session_.receive());
  }
}

void CellDispatcher::handle(const methods::MpiSession::Envelope& envelope) {
  if (envelope.tag != kRequest) return;
  auto& given = given_[static_cast<std::size_t>(envelope.from)];
  given = -1;
  if (const auto result = core::Json::parse(envelope.bytes); !result.is_null()) deliver_(result);
  // deliver_ may have emptied the queue (an interrupted cell): then this rank is released.
  if (pending_.empty()) {
    session_.send(envelope.from, kRelease, {});
    ++released_;
    return;
  }
  given = pending_.front();
  pending_.pop_front();
  session_.send(envelope.from, kAssign, std::to_string(given));
}

int CellDispatcher::busy() const {
  int count = 0;
  for (const int cell : given_) count += cell >= 0 ? 1 : 0;
  return count;
}

void run_cells_for_root(const methods::MpiSession& session,
                        const std::function<core::Json(int index)>& run_cell) {
  core::Json result = nullptr;
  for (;;) {
    session.send(0, kRequest, result.dump());
    const auto reply = session.receive();
    if (reply.tag != kAssign) return;
    result = run_cell(std::stoi(reply.bytes));
  }
}

}  // namespace biasbound::io
