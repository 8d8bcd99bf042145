#include "validators/block_smoothness.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "../problems/test_problems.hpp"

using namespace biasbound;
using Catch::Matchers::Contains;

namespace {

// The same f as a quadratic, but not known to be one: block smoothness takes the power
// iteration path.
class Opaque final : public problems::Problem {
 public:
  explicit Opaque(const problems::Problem& inner) : inner_(inner) {}
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

TEST_CASE("a quadratic's block smoothness is lambda_max of A's diagonal blocks",
          "[validators][block-smoothness]") {
  const auto q = testing::small_quadratic(2, 0.5, 4);
  const Eigen::MatrixXd A = (q->worker_matrix(0) + q->worker_matrix(1)) / 2;
  // Two 2 × 2 blocks [[a, c], [c, e]]: λ_max = (a + e)/2 + √(((a − e)/2)² + c²).
  const auto by_hand = [&](int s) {
    const double a = A(s, s), c = A(s, s + 1), e = A(s + 1, s + 1);
    return (a + e) / 2 + std::sqrt((a - e) * (a - e) / 4 + c * c);
  };
  const auto L = validators::block_smoothness(*q, problems::BlockPartition(4, 2), {});
  REQUIRE(L.per_block.size() == 2);
  CHECK(L.per_block[0] == Approx(by_hand(0)).epsilon(1e-13));
  CHECK(L.per_block[1] == Approx(by_hand(2)).epsilon(1e-13));
  CHECK(L.L_blk.value == std::max(L.per_block[0], L.per_block[1]));
  CHECK_THAT(L.L_blk.source, Contains("analytic"));
  // One block is the whole of f: L_blk = L.
  const auto whole = validators::block_smoothness(*q, problems::BlockPartition(4, 1), {});
  CHECK(whole.L_blk.value == Approx(2.0).epsilon(1e-12));
}

TEST_CASE("without a closed form, block smoothness is power iteration on each block",
          "[validators][block-smoothness]") {
  const auto q = testing::small_quadratic(2, 0.5, 9);
  const Opaque f(*q);
  const problems::BlockPartition partition(9, 3);
  const auto analytic = validators::block_smoothness(*q, partition, {});
  const auto probed = validators::block_smoothness(f, partition, {q->initial_point()});
  CHECK_THAT(probed.L_blk.source, Contains("power iteration"));
  for (std::size_t b = 0; b < 3; ++b)
    CHECK(probed.per_block[b] == Approx(analytic.per_block[b]).epsilon(1e-6));
  CHECK_THROWS_WITH(validators::block_smoothness(f, partition, {}), Contains("no point"));
}
