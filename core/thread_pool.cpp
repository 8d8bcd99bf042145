#include "core/thread_pool.hpp"

#include <sched.h>

#include <algorithm>
#include <system_error>

#include "core/error.hpp"

namespace biasbound::core {

int default_thread_count() {
  // The cores this process may run on: fewer than the machine's under taskset, or under mpirun,
  // which binds each rank to a core by default.
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(0, sizeof allowed, &allowed) == 0) return std::max(1, CPU_COUNT(&allowed));
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

int pool_size(int requested, int tasks) {
  const int wanted = requested > 0 ? requested : default_thread_count();
  return std::clamp(std::min(wanted, tasks), 1, ThreadPool::kMaxThreads);
}

ThreadPool::ThreadPool(int threads) : threads_(std::min(threads, kMaxThreads)) {
  if (threads < 1) throw input_error("ThreadPool: threads = {}: must be at least 1", threads);
  workers_.reserve(static_cast<std::size_t>(threads_ - 1));
  for (int t = 1; t < threads_; ++t) {
    try {
      workers_.emplace_back([this, t] { worker_loop(t); });
    } catch (const std::system_error& e) {
      // The destructor does not run for a half-built pool: stop the started threads here, or
      // joining them (when workers_ is destroyed) would wait forever.
      stop();
      workers_.clear();
      throw input_error("cannot start thread {} of {}: {} (ask for fewer threads)", t + 1, threads_,
                        e.what());
    }
  }
}

void ThreadPool::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  start_.notify_all();
}

ThreadPool::~ThreadPool() {
  stop();
}

void ThreadPool::run(int count, Trampoline trampoline, void* context) {
  {
    std::lock_guard lock(mutex_);
    count_ = count;
    trampoline_ = trampoline;
    context_ = context;
    error_ = nullptr;
    pending_ = threads_ - 1;
    ++generation_;
  }
  start_.notify_all();
  run_chunk(0);
  std::unique_lock lock(mutex_);
  done_.wait(lock, [this] { return pending_ == 0; });
  if (error_) std::rethrow_exception(error_);
}

void ThreadPool::worker_loop(int thread_index) {
  std::uint64_t seen = 0;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      start_.wait(lock, [&] { return stopping_ || generation_ != seen; });
      if (stopping_) return;
      seen = generation_;
    }
    run_chunk(thread_index);
    {
      std::lock_guard lock(mutex_);
      --pending_;
    }
    done_.notify_one();
  }
}

void ThreadPool::run_chunk(int thread_index) noexcept {
  const auto begin = static_cast<int>(static_cast<long long>(count_) * thread_index / threads_);
  const auto end = static_cast<int>(static_cast<long long>(count_) * (thread_index + 1) / threads_);
  try {
    for (int i = begin; i < end; ++i) trampoline_(context_, i);
  } catch (...) {
    std::lock_guard lock(mutex_);
    if (!error_) error_ = std::current_exception();
  }
}

}  // namespace biasbound::core
