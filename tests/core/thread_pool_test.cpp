#include <sched.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/thread_pool.hpp"

using namespace biasbound::core;

TEST_CASE("parallel_for calls every index exactly once", "[thread_pool]") {
  for (int threads : {1, 2, 3}) {
    ThreadPool pool(threads);
    for (int count : {0, 1, 2, 7, 100}) {
      std::vector<std::atomic<int>> calls(static_cast<std::size_t>(count));
      pool.parallel_for(count, [&](int i) { ++calls[static_cast<std::size_t>(i)]; });
      for (const auto& c : calls) CHECK(c.load() == 1);
    }
  }
}

TEST_CASE("parallel_for can be called many times in a row", "[thread_pool]") {
  ThreadPool pool(2);
  std::atomic<long> sum = 0;
  for (int round = 0; round < 1000; ++round) pool.parallel_for(4, [&](int i) { sum += i; });
  CHECK(sum.load() == 1000 * 6);
}

TEST_CASE("an exception in a body reaches the caller and the pool stays usable", "[thread_pool]") {
  ThreadPool pool(2);
  CHECK_THROWS_AS(pool.parallel_for(10,
                                    [](int i) {
                                      if (i == 7) throw std::runtime_error("boom");
                                    }),
                  std::runtime_error);
  std::atomic<int> n = 0;
  pool.parallel_for(10, [&](int) { ++n; });
  CHECK(n.load() == 10);
}

TEST_CASE("a pool needs at least one thread", "[thread_pool]") {
  CHECK_THROWS_AS(ThreadPool(0), InputError);
}

TEST_CASE("a pool starts at most kMaxThreads and pool_size caps at the tasks", "[thread_pool]") {
  ThreadPool pool(100000);
  CHECK(pool.threads() == ThreadPool::kMaxThreads);
  std::atomic<int> n = 0;
  pool.parallel_for(1000, [&](int) { ++n; });
  CHECK(n.load() == 1000);

  CHECK(pool_size(100000, 4) == 4);
  CHECK(pool_size(100000, 100000) == ThreadPool::kMaxThreads);
  CHECK(pool_size(3, 10) == 3);
  CHECK(pool_size(0, 2) == std::min(2, default_thread_count()));
  CHECK(pool_size(5, 0) == 1);
}

// In a child process whose address space leaves no room for another thread's stack, building a
// pool fails with an InputError (and the started threads are joined), instead of hanging.
TEST_CASE("a thread the system refuses to start is an InputError, not a hang", "[thread_pool]") {
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    long pages = 0;
    FILE* statm = std::fopen("/proc/self/statm", "r");
    if (!statm || std::fscanf(statm, "%ld", &pages) != 1) _exit(3);
    std::fclose(statm);
    const rlim_t mapped = static_cast<rlim_t>(pages) * static_cast<rlim_t>(sysconf(_SC_PAGESIZE));
    const rlimit limit{mapped + (64u << 20), mapped + (64u << 20)};  // 64 MB more: ~8 stacks
    if (setrlimit(RLIMIT_AS, &limit) != 0) _exit(4);
    try {
      ThreadPool pool(ThreadPool::kMaxThreads);
    } catch (const InputError& e) {
      _exit(std::string(e.what()).find("cannot start thread") != std::string::npos ? 0 : 5);
    } catch (...) {
      _exit(6);
    }
    _exit(7);  // every thread started: the limit did not bite
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("the default thread count is the cores this process may run on", "[thread_pool]") {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  REQUIRE(sched_getaffinity(0, sizeof allowed, &allowed) == 0);
  CHECK(default_thread_count() == CPU_COUNT(&allowed));
  // Bound to one core (as mpirun binds a rank), this thread is told to use one thread.
  int first = 0;
  while (!CPU_ISSET(first, &allowed)) ++first;
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(first, &one);
  REQUIRE(sched_setaffinity(0, sizeof one, &one) == 0);
  const int bound = default_thread_count();
  REQUIRE(sched_setaffinity(0, sizeof allowed, &allowed) == 0);
  CHECK(bound == 1);
}
