// Step schedules in validation: what a run takes is what is certified, and a schedule's bound,
// composed stage by stage, is validated like a constant step's.

#include <bit>
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "../test_support.hpp"
#include "core/error.hpp"
#include "io/scenario_file.hpp"
#include "theory/catalog.hpp"
#include "theory/check.hpp"
#include "theory/suggested_step.hpp"
#include "validators/scenario_step.hpp"
#include "validators/validation.hpp"

namespace bio = biasbound::io;
namespace bv = biasbound::validators;
namespace bt = biasbound::theory;
using biasbound::methods::StepSize;
using biasbound::testing::TempDir;
using Catch::Matchers::Contains;

namespace {

const auto kStagewise = std::filesystem::path(BIASBOUND_SOURCE_DIR) / "scenarios" / "schedules" /
                        "biased-sgd-pl-stagewise.toml";

// The shipped stagewise scenario with fewer measurements, so the suite stays fast.
bv::Scenario stagewise(std::vector<std::string> overrides = {}) {
  std::vector<std::string> all = {"points=6", "samples=30"};
  all.insert(all.end(), overrides.begin(), overrides.end());
  return bio::load_scenario(kStagewise, all);
}

// Any positive finite double, over the whole exponent range.
double random_step(std::mt19937_64& rng) {
  for (;;) {
    const auto x = std::bit_cast<double>(rng() & 0x7FFF'FFFF'FFFF'FFFFULL);
    if (std::isfinite(x) && x > 0) return x;
  }
}

biasbound::core::Json run(const bv::Scenario& s, const std::filesystem::path& out) {
  bv::ValidateOptions options;
  options.out = out;
  options.progress = false;
  return bv::validate(s, options).record;
}

std::string validate_error(const bv::Scenario& s) {
  try {
    run(s, {});
  } catch (const biasbound::core::InputError& e) {
    return e.what();
  }
  return {};
}

// bound.csv as rows of column → text.
std::vector<std::map<std::string, std::string>> read_csv(const std::filesystem::path& path) {
  std::ifstream in(path);
  const auto split = [](const std::string& line) {
    std::vector<std::string> cells;
    std::stringstream s(line);
    for (std::string cell; std::getline(s, cell, ',');) cells.push_back(cell);
    return cells;
  };
  std::string line;
  std::getline(in, line);
  const auto header = split(line);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    const auto cells = split(line);
    auto& row = rows.emplace_back();
    for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i) row[header[i]] = cells[i];
  }
  return rows;
}

}  // namespace

TEST_CASE("a run's schedule written as text reads back as the same doubles, to the last bit",
          "[validators][schedule]") {
  std::mt19937_64 rng(20261201);
  for (int i = 0; i < 3000; ++i) {
    std::vector<biasbound::methods::StepStage> stages;
    const int count = 1 + static_cast<int>(rng() % 4);
    for (int s = 0; s < count; ++s)
      stages.push_back({1 + static_cast<long long>(rng() % 1'000'000), random_step(rng)});
    const auto step = StepSize::piecewise(stages);
    const auto back = bv::parse_run_schedule(step.text(), "method.gamma");
    INFO(step.text());
    REQUIRE(back == step);
    // What validate certifies is exactly the run's doubles.
    const auto exact = bv::exact_schedule(step);
    for (std::size_t s = 0; s < stages.size(); ++s)
      CHECK(exact.stages[s].gamma == bt::exact_value(stages[s].gamma));
  }
}

TEST_CASE("what check --suggest-schedule prints, validate runs and certifies unchanged",
          "[validators][schedule]") {
  std::mt19937_64 rng(7);
  int pasted = 0;
  for (int i = 0; i < 400; ++i) {
    bt::CheckArgs a;
    a.theorem = "biased-sgd-pl";
    const double L = std::exp(std::uniform_real_distribution<double>(-5, 5)(rng));
    a.values[bt::Symbol::L] = bt::exact_decimal(L);
    a.values[bt::Symbol::mu] =
        bt::exact_decimal(L * std::uniform_real_distribution<double>(1e-5, 1)(rng));
    a.values[bt::Symbol::m] =
        bt::exact_decimal(std::uniform_real_distribution<double>(0, 0.9)(rng));
    a.values[bt::Symbol::zeta2] = bt::exact_decimal(0.0);
    a.values[bt::Symbol::M] = bt::exact_decimal(std::uniform_real_distribution<double>(0, 10)(rng));
    a.values[bt::Symbol::sigma2] =
        bt::exact_decimal(std::exp(std::uniform_real_distribution<double>(-10, 2)(rng)));
    a.values[bt::Symbol::F0] =
        bt::exact_decimal(std::exp(std::uniform_real_distribution<double>(-3, 6)(rng)));
    a.T = std::to_string(10 + rng() % 100000);
    a.suggest_schedule = true;
    const auto r = bt::check(a);
    if (!r.suggested_schedule || !r.suggested_schedule->schedule) continue;
    const auto text = bt::schedule_text(*r.suggested_schedule->schedule);
    // validate reads the text (a string method.gamma), runs its doubles and certifies those.
    const auto run = bv::parse_run_schedule(text, "method.gamma");
    bt::CheckArgs again = a;
    again.suggest_schedule = false;
    again.T.reset();
    again.schedule = bt::schedule_text(bv::exact_schedule(run));
    const auto certified = bt::check(again);
    INFO(text);
    REQUIRE(certified.stagewise);
    CHECK(certified.stagewise->admissible == bt::Verdict::holds);
    // The printed steps are short decimals; the run takes their nearest doubles, and the bound
    // certified there agrees with the suggestion's to the last digits.
    const auto ratio = *certified.stagewise->bound / *r.suggested_schedule->bound;
    CHECK(abs(ratio - 1) < bt::Wide("1e-12"));
    ++pasted;
  }
  CHECK(pasted > 100);
}

TEST_CASE(
    "a schedule's composed bound holds on its scenario, stage by stage, and is violated "
    "by the claim it names",
    "[validators][schedule]") {
  TempDir dir;
  const auto holds = run(stagewise(), dir / "holds");
  INFO(holds.dump(1));
  CHECK(holds["verdict"] == "holds");
  CHECK(holds["conditions_admissible"] == true);
  CHECK(holds["tightness_min"].get<double>() >= 1.0);
  // The run took the scenario's stages, and the record says so.
  const auto& method = holds["method"];
  CHECK(method["schedule"] ==
        biasbound::core::Json::parse("[[100, 0.5], [300, 0.125], [600, 0.0625], [1000, 0.03125]]"));
  CHECK(method["gamma"] == 0.5);
  const auto& schedule = holds["theory"]["schedule"];
  REQUIRE(schedule["stages"].size() == 4);
  CHECK(schedule["stages"][2]["start"] == 400);
  CHECK(holds["theory"]["bound_T"] == schedule["bound_T"]);
  CHECK(holds["theory"]["rate"].is_null());
  // bound.csv: the composed bound, and each stage's residual on its rows.
  const auto bound = read_csv(dir / "holds" / "bound.csv");
  REQUIRE(bound.size() == 2001);
  const auto at = [&](std::size_t T, const char* column) { return std::stod(bound[T].at(column)); };
  // The statement's bound ρ^t F + R starts at F₀ + R₁; each stage starts from the last's end.
  const auto& stages = schedule["stages"];
  CHECK(stages[0]["start_bound"].get<double>() ==
        Approx(holds["constants"]["F0"]["value"].get<double>()));
  CHECK(at(0, "bound") ==
        Approx(stages[0]["start_bound"].get<double>() + stages[0]["residual"].get<double>()));
  CHECK(stages[1]["start_bound"] == stages[0]["end_bound"]);
  CHECK(at(100, "bound") ==
        Approx(schedule["stages"][0]["end_bound"].get<double>()).epsilon(1e-12));
  CHECK(at(2000, "bound") == Approx(schedule["bound_T"].get<double>()).epsilon(1e-12));
  CHECK(at(100, "residual") == Approx(schedule["stages"][0]["residual"].get<double>()));
  CHECK(at(101, "residual") == Approx(schedule["stages"][1]["residual"].get<double>()));

  const auto violated = run(stagewise({"sigma2=0"}), dir / "violated");
  INFO(violated.dump(1));
  CHECK(violated["verdict"] == "violated");
  CHECK(violated["first_violation"].is_object());
}

TEST_CASE(
    "validate refuses a schedule the statement cannot compose, or of another horizon, "
    "naming method.gamma",
    "[validators][schedule]") {
  CHECK_THAT(
      validate_error(stagewise({"iterations=1999"})),
      Contains("method.gamma") && Contains("Σ T_s = 2000") && Contains("method.iterations = 1999"));
  CHECK_THAT(validate_error(stagewise({"theorem=\"biased-sgd-nonconvex\""})),
             Contains("is a step schedule, but biased-sgd-nonconvex (nonconvex) bounds an "
                      "average"));
}

TEST_CASE("a schedule with a stage beyond the conditions runs nothing and names the stage",
          "[validators][schedule]") {
  TempDir dir;
  const auto r = run(stagewise({"gamma=[[100, 0.5], [1900, 1000]]"}), dir.path());
  CHECK(r["conditions_admissible"] == false);
  CHECK(r["verdict"] == "inconclusive");
  CHECK_THAT(r["reason"].get<std::string>(),
             Contains("every stage of the schedule") && Contains("stage 2, γ = 1000"));
  CHECK_FALSE(std::filesystem::exists(dir / "bound.csv"));
}
