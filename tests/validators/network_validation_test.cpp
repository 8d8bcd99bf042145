// The theory on a network (scenarios/paper/theory-check-quick.toml): validate on an mlp problem
// measures a deterministic estimator with one confirmed draw per point, a local L, F0 from the
// loss's lower bound 0, checks the paper's steps against the step condition, and runs at the
// step it suggests — and turns VIOLATED when the bias is claimed away.

#include <catch2/catch.hpp>
#include <filesystem>

#include "../test_support.hpp"
#include "core/error.hpp"
#include "core/json_io.hpp"
#include "io/scenario_file.hpp"
#include "problems/factory.hpp"
#include "validators/validation.hpp"

namespace fs = std::filesystem;
namespace bio = biasbound::io;
namespace bv = biasbound::validators;
using biasbound::testing::TempDir;
using Catch::Matchers::Contains;

namespace {

const fs::path kQuickCheck =
    fs::path(BIASBOUND_SOURCE_DIR) / "scenarios" / "paper" / "theory-check-quick.toml";

bv::ValidationResult validate_quick(std::vector<std::string> sets, const fs::path& out = {}) {
  bv::ValidateOptions options;
  options.out = out;
  options.progress = false;
  return bv::validate(bio::load_scenario(kQuickCheck, std::move(sets)), options);
}

}  // namespace

TEST_CASE("the theory on a network: the quick theory check holds at the suggested step",
          "[validators][network]") {
  TempDir dir;
  const auto result = validate_quick({}, dir.path());
  const auto& r = result.record;
  INFO(r.dump(1));
  CHECK(r["verdict"] == "holds");
  CHECK(r["statistics"]["mode"] == "deterministic");
  CHECK(r["tightness_min"].get<double>() >= 1);

  // One confirmed draw per point: the estimator is deterministic.
  const auto measure = biasbound::core::read_json_file(dir / "measure" / "measure.json");
  CHECK(measure["deterministic"] == true);
  CHECK(measure["samples"] == 2);
  CHECK(r["constants"]["M"]["value"] == 0.0);
  CHECK(r["constants"]["sigma2"]["value"] == 0.0);

  // L is local; F0 is f(x0) − 0, an upper bound on f(x0) − f*.
  CHECK_THAT(r["constants"]["L"]["derived"].get<std::string>(), Contains("local"));
  const auto s = bio::load_scenario(kQuickCheck);
  const auto problem = biasbound::problems::make_problem(s.problem, s.workers);
  CHECK(r["constants"]["F0"]["value"].get<double>() ==
        biasbound::problems::value(*problem, problem->initial_point()));
  CHECK_THAT(r["constants"]["F0"]["derived"].get<std::string>(), Contains("upper bound"));
  CHECK(r["constants"]["f_star"]["value"] == 0.0);

  // The paper's steps are far above the largest step the theorem covers, which the run used.
  const double gamma_max = r["theory"]["gamma_max"].get<double>();
  CHECK(result.gamma <= gamma_max);
  REQUIRE(r["step_checks"].size() == 2);
  for (const auto& step : r["step_checks"]) {
    CHECK(step["admissible"] == false);
    CHECK(step["gamma_max"].get<double>() == gamma_max);
    CHECK(step["ratio_to_gamma_max"].get<double>() == step["gamma"].get<double>() / gamma_max);
    CHECK(step["ratio_to_gamma_max"].get<double>() > 10);
    CHECK_THAT(step["sentence"].get<std::string>(),
               Contains("the largest step the theorem covers"));
  }
  CHECK_THAT(result.full_report(), Contains("γ = 0.5 is"));
}

TEST_CASE("the theory on a network: claiming the bias away turns the verdict to VIOLATED",
          "[validators][network]") {
  const auto s = bio::load_scenario(kQuickCheck);
  REQUIRE_FALSE(s.violated_by.empty());
  const auto violated = validate_quick(s.violated_by);
  INFO(violated.record.dump(1));
  CHECK(violated.verdict == "violated");
  REQUIRE(violated.first_violation);
  CHECK(violated.first_violation->lower_limit > violated.first_violation->bound);
}

TEST_CASE("the theory on a network: what needs f* or x* is refused before any work",
          "[validators][network]") {
  TempDir dir;
  CHECK_THROWS_WITH(validate_quick({"theorem=momentum-pl"}, dir / "pl"),
                    Contains("PL statement") && Contains("f* and μ"));
  CHECK_THROWS_WITH(validate_quick({"probes=trajectory,near-opt"}, dir / "near"),
                    Contains("[measure] probes") && Contains("need x*"));
  CHECK_FALSE(fs::exists(dir / "near" / "measure"));
}
