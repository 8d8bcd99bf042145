#pragma once
// A fixed pool of threads running data-parallel loops. The calling thread takes part, so a pool
// of K threads starts K − 1. Iterations are split into contiguous chunks, one per thread; the
// loop body must not depend on which thread runs it (workers own their state), so results are
// the same for every thread count. No allocation per loop.

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace biasbound::core {

class ThreadPool {
 public:
  /// More threads than this only add switching: the work is compute-bound and split into at
  /// most one chunk per thread.
  static constexpr int kMaxThreads = 256;

  /// Starts min(threads, kMaxThreads) − 1 threads. threads < 1 is an InputError, and so is a
  /// thread the system refuses to start (after the started ones are stopped and joined).
  explicit ThreadPool(int threads);
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;
  ~ThreadPool();

  int threads() const { return threads_; }

  /// Calls body(i) once for every i in [0, count) and returns when all have finished. The first
  /// exception thrown by a body is rethrown here. Not reentrant.
  template <typename F>
  void parallel_for(int count, F&& body) {
    using Body = std::remove_reference_t<F>;
    run(
        count, [](void* context, int i) { (*static_cast<Body*>(context))(i); },
        static_cast<void*>(&body));
  }

 private:
  using Trampoline = void (*)(void*, int);
  void run(int count, Trampoline trampoline, void* context);
  void stop();
  void worker_loop(int thread_index);
  void run_chunk(int thread_index) noexcept;

  int threads_;
  std::vector<std::jthread> workers_;
  std::mutex mutex_;
  std::condition_variable start_;
  std::condition_variable done_;
  std::uint64_t generation_ = 0;
  int pending_ = 0;
  bool stopping_ = false;
  int count_ = 0;
  Trampoline trampoline_ = nullptr;
  void* context_ = nullptr;
  std::exception_ptr error_;
};

/// The number of threads to use when the user does not say: the cores this process may run on
/// (its CPU affinity), at least 1.
int default_thread_count();

/// The threads worth starting for `tasks` parallel tasks when the user asked for `requested`
/// (0: the default): never more than the tasks, nor kMaxThreads, nor fewer than 1.
int pool_size(int requested, int tasks);

}  // namespace biasbound::core
