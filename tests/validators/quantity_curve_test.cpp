#include "validators/quantity_curve.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "methods/seed_run.hpp"
#include "problems/factory.hpp"

namespace bv = biasbound::validators;
namespace bm = biasbound::methods;

TEST_CASE("quantities follow their definitions on a hand-made trace", "[validators][quantity]") {
  bm::SeedTrace t;
  t.f = {5, 4, 3.5, 3.25};
  t.grad_norm2 = {4, 1, 2, 0.5};
  t.f_virtual = {5, 3.9, 3.4, 3.2};
  t.v_norm2 = {0, 1, 0.5, 0.25};
  const bv::QuantityInputs in{3.0, 2.0};

  const auto avg = bv::quantity_curve("avg_grad_norm2", t, in);
  CHECK(std::isnan(avg[0]));
  CHECK(avg[1] == 4);
  CHECK(avg[2] == 2.5);
  CHECK(avg[3] == Approx(7.0 / 3));

  const auto mn = bv::quantity_curve("min_grad_norm2", t, in);
  CHECK(std::isnan(mn[0]));
  CHECK(mn[1] == 4);
  CHECK(mn[2] == 1);
  CHECK(mn[3] == 1);

  const auto incl = bv::quantity_curve("min_grad_norm2_incl_T", t, in);
  CHECK(incl[0] == 4);
  CHECK(incl[1] == 1);
  CHECK(incl[3] == 0.5);

  const auto gap = bv::quantity_curve("f_gap_last", t, in);
  CHECK(gap[0] == 2);
  CHECK(gap[3] == 0.25);

  const auto phi = bv::quantity_curve("momentum_lyapunov", t, in);
  CHECK(phi[0] == 2);
  CHECK(phi[1] == Approx(0.9 + 2 * 1));
  CHECK(phi[3] == Approx(0.2 + 2 * 0.25));

  CHECK_THROWS_AS(bv::quantity_curve("nonsense", t, in), std::invalid_argument);
}

TEST_CASE("at beta = 1 the virtual sequence is the iterate itself", "[validators][quantity]") {
  const auto problem = biasbound::problems::make_problem("quadratic:d=8,L=1,mu=0.1", 2);
  bm::MethodSpec spec;
  spec.estimator = "topk:k=3";
  spec.gamma = 0.5;
  spec.beta = 1;
  const auto t = bm::run_seed(*problem, spec, 1, 20, true);
  REQUIRE(t.f.size() == 21);
  REQUIRE(t.f_virtual.size() == 21);
  for (std::size_t k = 0; k < t.f.size(); ++k) CHECK(t.f_virtual[k] == t.f[k]);
  CHECK(t.v_norm2[0] == 0);
  CHECK(t.v_norm2[1] > 0);
}

TEST_CASE("the virtual iterate of momentum matches z_k computed by hand",
          "[validators][quantity]") {
  // One worker, exact gradients on f = ½‖x‖²-like quadratic: check z_1 = x_1 − γ(1−β)/β v_0.
  const auto problem = biasbound::problems::make_problem("quadratic:d=4,L=1,mu=1", 1);
  bm::MethodSpec spec;
  spec.gamma = 0.1;
  spec.beta = 0.5;
  spec.estimator = "exact";
  const auto t = bm::run_seed(*problem, spec, 1, 2, true);
  // With A = I: ∇f(x) = x − b. x₀ = 0 so g₀ = −b, v₀ = β g₀ = −b/2, x₁ = x₀ − γ v₀ = 0.05 b,
  // z₁ = x₁ − γ(1 − β)/β v₀ = 0.05 b + 0.05 b = 0.1 b = x₀ − γ g₀ (z follows plain GD).
  // f(z₁) equals f of one plain gradient step, which a β = 1 run reaches at k = 1.
  spec.beta = 1;
  const auto gd = bm::run_seed(*problem, spec, 1, 1, false);
  CHECK(t.f_virtual[1] == Approx(gd.f[1]).epsilon(1e-14));
  CHECK(t.v_norm2[1] == Approx(gd.grad_norm2[0] / 4).epsilon(1e-14));
}

TEST_CASE("a diverging seed stops and names the iteration", "[validators][quantity]") {
  const auto problem = biasbound::problems::make_problem("quadratic:d=4,L=1,mu=0.5", 1);
  bm::MethodSpec spec;
  spec.estimator = "exact";
  spec.gamma = 1e3;
  const auto t = bm::run_seed(*problem, spec, 1, 500, false);
  REQUIRE(t.divergence);
  CHECK_THAT(*t.divergence, Catch::Matchers::Contains("diverged at iteration"));
  CHECK(t.f.size() < 501);
}

TEST_CASE("progress callbacks of a seed add up to its iterations", "[validators][quantity]") {
  const auto problem = biasbound::problems::make_problem("quadratic:d=4,L=1,mu=0.5", 1);
  bm::MethodSpec spec;
  spec.estimator = "exact";
  spec.gamma = 0.5;
  for (long long T : {1LL, 7LL, 100LL, 250LL}) {
    long long total = 0;
    int calls = 0;
    bm::run_seed(*problem, spec, 1, T, false, [&](long long n) {
      total += n;
      ++calls;
    });
    CHECK(total == T);
    CHECK(calls <= 101);
  }
}
