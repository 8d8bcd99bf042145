#include "validators/worker_smoothness.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "../problems/test_problems.hpp"

using namespace biasbound;
using Catch::Matchers::Contains;

namespace {

// The same f as a quadratic, but not known to be one: worker smoothness takes the power
// iteration path.
class OpaqueWorkers final : public problems::Problem {
 public:
  explicit OpaqueWorkers(const problems::Problem& inner) : inner_(inner) {}
  std::string name() const override { return "opaque"; }
  int dim() const override { return inner_.dim(); }
  int workers() const override { return inner_.workers(); }
  double worker_value_gradient(int w, problems::ConstVectorRef x,
                               problems::VectorRef g) const override {
    return inner_.worker_value_gradient(w, x, g);
  }
  double worker_value(int w, problems::ConstVectorRef x) const override {
    return inner_.worker_value(w, x);
  }
  problems::AnalyticConstants constants() const override { return {}; }
  core::Json describe() const override { return {{"opaque", inner_.describe()}}; }

 private:
  const problems::Problem& inner_;
};

}  // namespace

TEST_CASE("a quadratic's worker smoothness is the largest |eigenvalue| of each A_i",
          "[validators][worker-smoothness]") {
  const auto q = testing::small_quadratic(3, 0.8, 2);
  // A symmetric 2 × 2 [[a, c], [c, e]] has eigenvalues m ± r, m = (a + e)/2,
  // r = √(((a − e)/2)² + c²), so its spectral norm is |m| + r.
  const auto by_hand = [&](int w) {
    const Eigen::MatrixXd& A = q->worker_matrix(w);
    const double a = A(0, 0), c = A(0, 1), e = A(1, 1);
    return std::abs((a + e) / 2) + std::sqrt((a - e) * (a - e) / 4 + c * c);
  };
  const auto L = validators::worker_smoothness(*q, {});
  REQUIRE(L.per_worker.size() == 3);
  for (int w = 0; w < 3; ++w)
    CHECK(L.per_worker[static_cast<std::size_t>(w)] == Approx(by_hand(w)).epsilon(1e-13));
  CHECK(L.L_max.value == std::max({L.per_worker[0], L.per_worker[1], L.per_worker[2]}));
  CHECK_THAT(L.L_max.source, Contains("analytic"));
  // f is the workers' mean, so L ≤ L_max; with different workers it is strictly below.
  CHECK(L.L_max.value > 2.0);
  // One worker is the whole of f: L_max = L.
  const auto one = testing::small_quadratic(1, 0.8, 4);
  CHECK(validators::worker_smoothness(*one, {}).L_max.value == Approx(2.0).epsilon(1e-12));
}

TEST_CASE("without a closed form, worker smoothness is power iteration on each worker",
          "[validators][worker-smoothness]") {
  const auto q = testing::small_quadratic(3, 0.5, 6);
  const OpaqueWorkers f(*q);
  const auto analytic = validators::worker_smoothness(*q, {});
  const auto probed = validators::worker_smoothness(f, {q->initial_point()});
  CHECK_THAT(probed.L_max.source, Contains("power iteration"));
  for (std::size_t w = 0; w < 3; ++w)
    CHECK(probed.per_worker[w] == Approx(analytic.per_worker[w]).epsilon(1e-6));
  CHECK_THROWS_WITH(validators::worker_smoothness(f, {}), Contains("no point"));
}
