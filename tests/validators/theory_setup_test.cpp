// validate with gamma = "best" or "max" runs at a step its own certified check admits, for
// every shipped scenario and whatever the last bits of the measured constants are.

#include "validators/theory_setup.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <filesystem>
#include <random>

#include "../test_support.hpp"
#include "core/error.hpp"
#include "core/json_io.hpp"
#include "io/scenario_file.hpp"
#include "theory/catalog.hpp"
#include "theory/suggested_step.hpp"

namespace bio = biasbound::io;
namespace bv = biasbound::validators;
namespace th = biasbound::theory;
using biasbound::testing::TempDir;

namespace {

const std::filesystem::path kScenarios = std::filesystem::path(BIASBOUND_SOURCE_DIR) / "scenarios";

// x with its low mantissa bits replaced by random ones.
double jitter(double x, std::mt19937_64& rng) {
  return std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) ^ (rng() & 0xFFFFFFFULL));
}

double uniform(std::mt19937_64& rng, double lo, double hi) {
  return std::uniform_real_distribution<double>(lo, hi)(rng);
}

// A measure.json with two frontier points per part besides the extremes.
std::filesystem::path write_measure(const std::filesystem::path& dir, std::mt19937_64& rng) {
  const double m = uniform(rng, 0, 0.9), zeta2 = uniform(rng, 0, 1e-3);
  const double M = uniform(rng, 0, 3), sigma2 = uniform(rng, 0, 1);
  biasbound::core::Json j = {
      {"bias",
       {{"m_only", jitter(m + 0.05, rng)},
        {"zeta2_only", jitter(zeta2 + 0.01, rng)},
        {"frontier", {{{"m", jitter(m, rng)}, {"zeta2", jitter(zeta2, rng)}}}}}},
      {"variance",
       {{"M_only", jitter(M + 0.5, rng)},
        {"sigma2_only", jitter(sigma2 + 0.1, rng)},
        {"frontier", {{{"M", jitter(M, rng)}, {"sigma2", jitter(sigma2, rng)}}}}}}};
  const auto path = dir / "measure.json";
  biasbound::core::write_json_file(path, j);
  return path;
}

bv::ProblemConstants problem(double L, std::mt19937_64& rng) {
  bv::ProblemConstants p;
  p.L = {L, "test"};
  p.L_blk = bv::Sourced{jitter(L * uniform(rng, 0.05, 1), rng), "test"};
  p.L_max = bv::Sourced{jitter(L * uniform(rng, 1, 4), rng), "test"};
  p.mu = bv::Sourced{jitter(L * uniform(rng, 1e-3, 0.5), rng), "test"};
  p.F0 = {jitter(uniform(rng, 1e-3, 10), rng), "test"};
  p.f_star = {0, "test"};
  return p;
}

bv::EstimatorConstants estimator(const std::filesystem::path& measure, std::mt19937_64& rng) {
  bv::EstimatorConstants e;
  e.measure_json = measure;
  e.G2 = bv::Sourced{jitter(uniform(rng, 0.1, 10), rng), "test"};
  e.sigma2 = bv::Sourced{jitter(uniform(rng, 0, 1), rng), "test"};
  e.delta = bv::Sourced{jitter(uniform(rng, 0.01, 1), rng), "test"};
  e.alpha = bv::Sourced{1 + jitter(uniform(rng, 0.01, 20), rng), "test"};
  e.delta->value = std::min(e.delta->value, 1.0);
  return e;
}

}  // namespace

TEST_CASE("validate's best and max steps are admitted across a sweep of L on every scenario",
          "[validators][theory_setup][property]") {
  TempDir dir;
  std::mt19937_64 rng(1130);
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kScenarios)) {
    if (entry.path().extension() != ".toml") continue;
    for (const std::string gamma : {"best", "max"}) {
      const auto s = bio::load_scenario(entry.path(), {"gamma=\"" + gamma + "\""});
      const auto& statement =
          *th::select_statement(
               s.theorem,
               s.regime.empty() ? std::nullopt : std::optional(th::parse_regime(s.regime)), true)
               .theorem;
      for (int i = 0; i < 25; ++i) {
        const double L = jitter(std::exp(uniform(rng, std::log(1e-2), std::log(1e3))), rng);
        INFO(entry.path().filename() << " gamma = " << gamma << " L = " << L);
        try {
          const auto setup = bv::setup_theory(s, statement, problem(L, rng),
                                              estimator(write_measure(dir.path(), rng), rng));
          CHECK(setup.check.admissible == th::Verdict::holds);
          CHECK(setup.gamma > 0);
          ++checked;
        } catch (const biasbound::core::InputError& e) {
          // A theorem without a step limit has no largest step, and none to suggest where its
          // bound promises nothing: the only refusals allowed, and they must say why.
          using Catch::Matchers::Contains;
          CHECK_THAT(e.what(), Contains("every γ > 0 is admissible") &&
                                   (Contains("vacuous") || Contains("gamma = \"max\"")));
        }
      }
    }
  }
  CHECK(checked >= 13 * 2 * 25 * 3 / 4);
}
