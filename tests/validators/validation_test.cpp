#include "validators/validation.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "../test_support.hpp"
#include "core/error.hpp"
#include "core/json_io.hpp"
#include "io/scenario_file.hpp"
#include "theory/catalog.hpp"

namespace bio = biasbound::io;
namespace bv = biasbound::validators;
using biasbound::core::InputError;
using biasbound::testing::TempDir;
using Catch::Matchers::Contains;

namespace {

const std::filesystem::path kScenarios = std::filesystem::path(BIASBOUND_SOURCE_DIR) / "scenarios";

// A shipped scenario, with fewer measurements and seeds so the suite stays fast.
bv::Scenario fast(const std::string& name, std::vector<std::string> overrides = {}) {
  std::vector<std::string> all = {"points=6", "samples=30", "seeds=6"};
  all.insert(all.end(), overrides.begin(), overrides.end());
  return bio::load_scenario(kScenarios / (name + ".toml"), all);
}

biasbound::core::Json run(const bv::Scenario& s, const std::filesystem::path& out) {
  bv::ValidateOptions options;
  options.out = out;
  options.progress = false;
  return bv::validate(s, options).record;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The shipped scenario of every catalog statement (scenarios/*.toml, demo aside), by statement.
std::map<const biasbound::theory::Theorem*, bv::Scenario> shipped_scenarios() {
  std::map<const biasbound::theory::Theorem*, bv::Scenario> found;
  for (const auto& file : std::filesystem::directory_iterator(kScenarios)) {
    if (file.path().extension() != ".toml" || file.path().stem() == "demo") continue;
    const auto s = bio::load_scenario(file.path());
    const auto statements = biasbound::theory::statements_of(s.theorem);
    for (const auto* t : statements)
      if (statements.size() == 1 || biasbound::theory::regime_name(t->info().regime) == s.regime)
        found.emplace(t, s);
  }
  return found;
}

}  // namespace

TEST_CASE("every catalog statement holds on its scenario and is violated by the claims it names",
          "[validators][validation]") {
  const auto scenarios = shipped_scenarios();
  for (const auto* statement : biasbound::theory::catalog()) {
    const auto& info = statement->info();
    const auto label =
        info.id + " (" + std::string(biasbound::theory::regime_name(info.regime)) + ")";
    DYNAMIC_SECTION(label) {
      const auto it = scenarios.find(statement);
      INFO("a catalog statement needs a scenario in scenarios/ with an [expect] table");
      REQUIRE(it != scenarios.end());
      const auto& c = it->second;
      REQUIRE_FALSE(c.violated_by.empty());
      TempDir dir;
      const auto holds = run(fast(c.name), dir / "holds");
      INFO(holds.dump(1));
      CHECK(holds["statement"]["id"] == info.id);
      CHECK(holds["regime"] == biasbound::theory::regime_name(info.regime));
      CHECK(holds["conditions_admissible"] == true);
      CHECK(holds["verdict"] == "holds");
      CHECK(holds["first_violation"].is_null());
      CHECK(holds["tightness_min"].get<double>() >= 1.0);

      const auto violated = run(fast(c.name, c.violated_by), dir / "violated");
      INFO(violated.dump(1));
      CHECK(violated["verdict"] == "violated");
      REQUIRE(violated["first_violation"].is_object());
      CHECK(violated["first_violation"]["lower_limit"].get<double>() >
            violated["first_violation"]["bound"].get<double>());
      // The claimed constant is what the theory used.
      const auto& claim = c.violated_by.front();
      const auto name = claim.substr(0, claim.find('='));
      CHECK(violated["constants"][name]["value"].get<double>() ==
            std::stod(claim.substr(claim.find('=') + 1)));
    }
  }
}

TEST_CASE("validate writes validate.json, trace.csv and bound.csv with the documented fields",
          "[validators][validation]") {
  TempDir dir;
  const auto r = run(fast("unbiased-compressed-gd-pl", {"iterations=60"}), dir.path());
  for (const char* key : {"theorem", "verdict", "first_violation", "tightness_min", "rate_fit",
                          "theory", "constants", "conditions_admissible", "statistics"})
    CHECK(r.contains(key));
  CHECK(r["theorem"] == "unbiased-compressed-gd");
  CHECK(r["rate_fit"].contains("rho"));
  CHECK(r["theory"]["rate"].get<double>() > 0);
  CHECK(r["statistics"]["mode"] == "stochastic");
  CHECK(r["statistics"]["seeds"] == 6);
  // The constants say where they came from.
  CHECK_THAT(r["constants"]["L"]["derived"].get<std::string>(), Contains("analytic"));
  CHECK_THAT(r["constants"]["alpha"]["derived"].get<std::string>(), Contains("analytic"));

  const auto trace = slurp(dir / "trace.csv");
  CHECK(trace.rfind("seed,iter,f,grad_norm2,quantity,bits_up,bits_down\n", 0) == 0);
  CHECK(std::count(trace.begin(), trace.end(), '\n') == 1 + 6 * 61);
  const auto bound = slurp(dir / "bound.csv");
  CHECK(bound.rfind("iter,bound,residual,mean,std_error,lower,upper,tightness,fit,checkpoint\n",
                    0) == 0);
  CHECK(std::count(bound.begin(), bound.end(), '\n') == 1 + 61);
  CHECK(std::filesystem::exists(dir / "validate.json"));
  CHECK(std::filesystem::exists(dir / "measure" / "measure.json"));
}

TEST_CASE("a deterministic method runs once and is compared with a tolerance",
          "[validators][validation]") {
  TempDir dir;
  const auto r = run(fast("biased-sgd-pl"), dir.path());
  CHECK(r["statistics"]["mode"] == "deterministic");
  CHECK(r["statistics"]["seeds"] == 1);
  CHECK(r["statistics"]["relative_tolerance"] == 1e-9);
}

TEST_CASE("block-coordinate validation reports L_blk and B and alpha on a block and runs seeds",
          "[validators][validation]") {
  TempDir dir;
  // Q = identity and fixed staleness draw nothing, but the block drawn at each step does.
  const auto r = run(fast("block-coordinate-pl", {"compressor=\"identity\"", "iterations=60"}),
                     dir / "identity");
  CHECK(r["method"]["name"] == "block-coordinate");
  CHECK(r["method"]["blocks"] == 4);
  CHECK(r["constants"]["B"]["value"] == 4);
  CHECK(r["constants"]["B"]["source"] == "scenario");
  CHECK_THAT(r["constants"]["L_blk"]["derived"].get<std::string>(), Contains("diagonal block"));
  CHECK(r["constants"]["L_blk"]["value"].get<double>() <
        r["constants"]["L"]["value"].get<double>());
  CHECK(r["constants"]["alpha"]["value"] == 1);
  CHECK(r["statistics"]["mode"] == "stochastic");

  // Scaled rand-k keeps k = 25 of each block's 50 coordinates: α = 50/25 on a block.
  const auto scaled = run(fast("block-coordinate-pl", {"iterations=60"}), dir / "scaled");
  CHECK(scaled["constants"]["alpha"]["value"] == 2);
  CHECK_THAT(scaled["constants"]["alpha"]["derived"].get<std::string>(), Contains("4 blocks"));
}

TEST_CASE("IAG validation reports L_max from the workers and runs once",
          "[validators][validation]") {
  TempDir dir;
  const auto r = run(fast("iag-pl", {"iterations=60"}), dir.path());
  CHECK(r["method"]["name"] == "iag");
  CHECK(r["method"]["order"] == "cyclic");
  CHECK(r["constants"]["n"]["value"] == 4);
  CHECK_THAT(r["constants"]["L_max"]["derived"].get<std::string>(), Contains("λ_max(A_i)"));
  // The workers' quadratics differ, so the largest of them curves more than their mean.
  CHECK(r["constants"]["L_max"]["value"].get<double>() >
        r["constants"]["L"]["value"].get<double>());
  CHECK(r["statistics"]["mode"] == "deterministic");
}

TEST_CASE("an understated L_max turns the nonconvex IAG verdict VIOLATED",
          "[validators][validation]") {
  // The true L_max of the scenario's workers is about 1.56; claiming 0.2 admits a step about
  // four times larger, and the average squared gradient then exceeds 2F0/(γT).
  TempDir dir;
  const auto honest = run(fast("iag-nonconvex"), dir / "honest");
  REQUIRE(honest["verdict"] == "holds");
  const double L_max = honest["constants"]["L_max"]["value"].get<double>();
  const auto claimed =
      run(fast("iag-nonconvex", {"L_max=" + std::to_string(L_max / 8)}), dir / "claimed");
  CHECK(claimed["method"]["gamma"].get<double>() > honest["method"]["gamma"].get<double>());
  CHECK(claimed["verdict"] == "violated");
}

TEST_CASE("IAG validation refuses what its statement does not cover, naming the key",
          "[validators][validation]") {
  TempDir dir;
  CHECK_THROWS_WITH(run(fast("iag-pl", {"order=\"random\""}), dir / "order"),
                    Contains("method.order = \"random\"") && Contains("not bounded by n − 1"));
  CHECK_THROWS_WITH(run(fast("iag-pl", {"compressor=\"randk:k=5,scaled=true\""}), dir / "random"),
                    Contains("[estimator] compressor") && Contains("noise is not fresh") &&
                        Contains("delayed-compressed-gd-pl"));
  CHECK_THROWS_WITH(run(fast("iag-pl", {"compressor=\"topk:k=5\""}), dir / "biased"),
                    Contains("[estimator] compressor") && Contains("biased") &&
                        Contains("needs an unbiased compressor"));
  CHECK_THROWS_WITH(run(fast("iag-pl", {"compressor=\"sign\""}), dir / "sign"), Contains("biased"));
  // Nothing was run or written for a refused scenario.
  CHECK_FALSE(std::filesystem::exists(dir / "order" / "validate.json"));
}

TEST_CASE("re-running resumes: nothing finished is recomputed or lost",
          "[validators][validation]") {
  TempDir dir;
  const auto scenario = fast("unbiased-compressed-gd-pl", {"iterations=80"});
  const auto first = run(scenario, dir.path());
  CHECK(first["runs"]["computed"] == 6);
  CHECK(first["runs"]["constants_reused"] == false);
  const auto seed_file = dir / "seeds" / "seed-3.csv";
  const auto written = std::filesystem::last_write_time(seed_file);
  const auto trace = slurp(dir / "trace.csv");

  // A killed run: two seeds never finished (their files absent), validate.json never written.
  std::filesystem::remove(dir / "seeds" / "seed-2.csv");
  std::filesystem::remove(dir / "seeds" / "seed-5.csv");
  std::filesystem::remove(dir / "validate.json");
  const auto second = run(scenario, dir.path());
  CHECK(second["runs"]["computed"] == 2);
  CHECK(second["runs"]["reused"] == 4);
  CHECK(second["runs"]["constants_reused"] == true);
  CHECK(std::filesystem::last_write_time(seed_file) == written);
  CHECK(slurp(dir / "trace.csv") == trace);  // bit-identical results
  CHECK(second["verdict"] == first["verdict"]);
  CHECK(second["tightness_min"] == first["tightness_min"]);

  // More seeds later: only the new ones run.
  auto more = scenario;
  more.seeds = 8;
  const auto third = run(more, dir.path());
  CHECK(third["runs"]["computed"] == 2);
  CHECK(third["runs"]["reused"] == 6);
}

TEST_CASE("a different scenario is refused in a directory that holds results",
          "[validators][validation]") {
  TempDir dir;
  run(fast("biased-sgd-pl", {"iterations=20"}), dir.path());
  CHECK_THROWS_WITH(run(fast("biased-sgd-pl", {"iterations=20", "m=0"}), dir.path()),
                    Contains("different scenario") && Contains("constants"));
}

TEST_CASE("a step outside the conditions is reported and nothing is run",
          "[validators][validation]") {
  TempDir dir;
  bv::ValidateOptions options;
  options.out = dir.path();
  options.progress = false;
  const auto r = bv::validate(fast("biased-sgd-pl", {"gamma=5"}), options);
  CHECK_FALSE(r.admissible);
  CHECK(r.record["conditions_admissible"] == false);
  CHECK(r.record["verdict"] == "inconclusive");
  CHECK_THAT(r.record["reason"].get<std::string>(), Contains("gamma"));
  CHECK_FALSE(std::filesystem::exists(dir / "seeds"));
}

TEST_CASE("EF and M-DSGD scenarios need a compressor", "[validators][validation]") {
  TempDir dir;
  CHECK_THROWS_WITH(run(fast("ef-sgd-nonconvex", {"compressor="}), dir.path()),
                    Contains("compressor"));
}

TEST_CASE("validation in memory writes nothing and gives the typed result of a folder run",
          "[validators][validation][library]") {
  TempDir dir;
  const auto s = fast("biased-sgd-pl");
  bv::ValidateOptions in_memory;
  in_memory.progress = false;
  const auto cwd = std::filesystem::current_path();
  const auto listing = [&] {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(cwd)) names.push_back(e.path());
    std::sort(names.begin(), names.end());
    return names;
  };
  const auto before = listing();
  const auto memory = bv::validate(s, in_memory);
  CHECK(listing() == before);
  CHECK(memory.record["files"].is_null());
  CHECK(memory.record["region"]["file"].is_null());

  bv::ValidateOptions folder;
  folder.out = dir / "v";
  folder.progress = false;
  const auto written = bv::validate(s, folder);
  CHECK(std::filesystem::exists(dir / "v" / "validate.json"));
  CHECK(memory.verdict == written.verdict);
  CHECK(memory.verdict == "holds");
  CHECK(memory.gamma == written.gamma);
  for (const auto& [symbol, constant] : written.record["constants"].items()) {
    INFO(symbol);
    CHECK(memory.record["constants"][symbol]["value"] == constant["value"]);
  }
  CHECK(memory.tightness_min == written.tightness_min);
  REQUIRE(memory.tightness_min);
  CHECK_FALSE(memory.first_violation);
  CHECK_THAT(memory.brief_report(), Contains("biased-sgd-pl (pl): holds at gamma = "));
  CHECK_THAT(memory.full_report(), Contains("verdict"));
  CHECK(memory.to_json() == memory.record);

  const auto violated = bv::validate(fast("biased-sgd-pl", {"m=0"}), in_memory);
  REQUIRE(violated.first_violation);
  CHECK(violated.first_violation->lower_limit > violated.first_violation->bound);
  CHECK_THAT(violated.brief_report(), Contains("violated at gamma") && Contains("first violated"));
}

TEST_CASE("one x* per validation: the probes surround the minimiser the constants use",
          "[validators][validation][library]") {
  // Logistic regression has no closed-form x*: f* comes from L-BFGS, and the measurement's
  // near-opt probes and ball radius must use that same point, not a second estimate of it.
  TempDir dir;
  const auto r = run(fast("momentum-nonconvex", {"iterations=40"}), dir.path());
  CHECK_THAT(r["constants"]["f_star"]["source"].get<std::string>(), Contains("L-BFGS"));
  const auto measured = biasbound::core::read_json_file(dir / "measure" / "measure.json");
  CHECK(measured.at("x_star") == "given (MeasureConfig.x_star)");
  CHECK(measured.at("probes").at("near-opt").get<int>() > 0);
}
