// A sweep's reduction over seeds (io/sweep_table.hpp) against values computed by hand.

#include "io/sweep_table.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "../test_support.hpp"

namespace bio = biasbound::io;
using Catch::Detail::Approx;

TEST_CASE("mean and sample standard deviation over seeds, by hand", "[io][sweep]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // Three seeds evaluated at 0 and 10; seed 3 has no test set value at 10 and a NaN loss at 20
  // (it diverged there); iteration 5 was not evaluated (no train_loss) and is left out.
  const std::vector<bio::TraceMetrics> rows = {{1, 0, 1.0, 1.5, 0.5},   {1, 5, {}, {}, {}},
                                               {1, 10, 0.5, 0.75, 0.8}, {2, 0, 2.0, 2.5, 0.6},
                                               {2, 10, 0.25, 0.5, 0.9}, {3, 0, 4.0, 4.5, 0.7},
                                               {3, 10, 0.75, {}, {}},   {3, 20, nan, nan, nan}};
  const auto r = bio::reduce_cell(rows, 3, 1);
  CHECK(r.seeds == 3);
  CHECK(r.diverged == 1);
  REQUIRE(r.iterations.size() == 3);

  const auto& first = r.iterations[0];
  CHECK(first.iter == 0);
  CHECK(first.seeds_reporting == 3);
  CHECK(*first.train_loss.mean == Approx(7.0 / 3));
  // ((1 − 7/3)² + (2 − 7/3)² + (4 − 7/3)²) / 2 = 7/3
  CHECK(*first.train_loss.std == Approx(std::sqrt(7.0 / 3)));
  CHECK(*first.test_acc.mean == Approx(0.6));
  CHECK(*first.test_acc.std == Approx(0.1));

  const auto& second = r.iterations[1];
  CHECK(second.iter == 10);
  CHECK(second.seeds_reporting == 3);
  CHECK(*second.train_loss.mean == Approx(0.5));
  CHECK(*second.train_loss.std == Approx(0.25));
  CHECK(second.test_acc.count == 2);
  CHECK(*second.test_acc.mean == Approx(0.85));
  CHECK(*second.test_acc.std == Approx(std::sqrt(0.005)));

  const auto& third = r.iterations[2];  // only the diverged seed, and not finite
  CHECK(third.iter == 20);
  CHECK(third.seeds_reporting == 0);
  CHECK_FALSE(third.train_loss.mean);
  CHECK_FALSE(third.train_loss.std);

  const auto one = bio::seed_stat({0.25});
  CHECK(one.mean == 0.25);
  CHECK_FALSE(one.std);  // no standard deviation from one value
}

TEST_CASE("trace.csv rows are read with empty metric cells as absent", "[io][sweep]") {
  const biasbound::testing::TempDir dir;
  const auto path = dir.write("trace.csv",
                              "seed,iter,f,grad_norm2,train_loss,train_acc,test_loss,test_acc\n"
                              "1,0,0.69,0.1,0.69,0.5,,\n"
                              "1,1,0.6,0.09,,,,\n"
                              "2,0,0.69,0.1,0.7,0.5,nan,0.25\n");
  const auto rows = bio::read_trace_metrics(path);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].seed == 1);
  CHECK(rows[0].train_loss == 0.69);
  CHECK_FALSE(rows[0].test_acc);
  CHECK_FALSE(rows[1].train_loss);
  CHECK(rows[2].seed == 2);
  CHECK(std::isnan(*rows[2].test_loss));
  CHECK(rows[2].test_acc == 0.25);
  const auto bad = dir.write("bad.csv", "seed,iter,train_loss\n1,0,x\n");
  CHECK_THAT(biasbound::testing::error_of([&] { bio::read_trace_metrics(bad); }),
             Catch::Matchers::Contains("bad.csv:2: 'x' is not a number"));
}

TEST_CASE("without evaluation metrics a cell is reduced at every k-th iteration and the last",
          "[io][sweep]") {
  // Two seeds of a problem without metrics (f, ‖∇f‖² and bits only), T = 5, every 2.
  std::vector<bio::TraceMetrics> rows;
  for (std::uint64_t seed : {1u, 2u})
    for (long long k = 0; k <= 5; ++k) {
      bio::TraceMetrics row;
      row.seed = seed;
      row.iter = k;
      row.f = 1.0 + double(seed) / double(k + 1);
      row.grad_norm2 = 0.5 * double(seed);
      row.bits_up = 64.0 * double(k);
      row.bits_down = 32.0 * double(k);
      rows.push_back(row);
    }
  const auto r = bio::reduce_cell(rows, 2, 0, {2, 1.0});
  REQUIRE(r.iterations.size() == 4);  // 0, 2, 4 and the last, 5
  CHECK(r.iterations[3].iter == 5);
  const auto& at2 = r.iterations[1];
  CHECK(at2.iter == 2);
  CHECK(at2.seeds_reporting == 2);
  // f = 1 + seed/3: mean 1.5, gaps f − 1 = 1/3 and 2/3 with mean 1/2 and sd √(1/18).
  CHECK(*at2.f.mean == Approx(1.5));
  CHECK(*at2.gap.mean == Approx(0.5));
  CHECK(*at2.gap.std == Approx(std::sqrt(1.0 / 18)));
  CHECK(*at2.grad_norm2.mean == Approx(0.75));
  CHECK(*at2.bits_up.mean == 128);
  CHECK(*at2.bits_down.mean == 64);
  CHECK(*at2.bits_up.std == 0);
  // Without f* there is no gap.
  CHECK_FALSE(bio::reduce_cell(rows, 2, 0, {2, std::nullopt}).iterations[1].gap.mean);
}
