// Stagewise step sizes: the PL bound composed stage by stage, F_s = ρ_s^{T_s}F_{s−1} + R_s,
// hand-checked on two stages; one stage is the constant-step bound; inadmissible stages and
// statements that do not compose are named; and the suggested schedule passes its own check,
// to the last bit, over random inputs.

#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <random>
#include <string>

#include "core/error.hpp"
#include "core/json_io.hpp"
#include "theory/check.hpp"
#include "theory/decimal.hpp"
#include "theory/stagewise_bound.hpp"
#include "theory/step_schedule.hpp"
#include "theory/suggested_schedule.hpp"
#include "theory/suggested_step.hpp"
#include "theory_test_support.hpp"

namespace biasbound::theory {
namespace {

using testing::q;

// biased-sgd-pl with L = 1, μ = 1/4, m = ζ² = M = 0, σ² = 1, F₀ = 1: γ ≤ 1,
// ρ = 1 − γ/4, R = (Lγσ²)/(2μ) = 2γ.
CheckArgs hand_args() {
  CheckArgs a;
  a.theorem = "biased-sgd-pl";
  a.values = {{Symbol::L, "1"}, {Symbol::mu, "0.25"},  {Symbol::m, "0"}, {Symbol::zeta2, "0"},
              {Symbol::M, "0"}, {Symbol::sigma2, "1"}, {Symbol::F0, "1"}};
  return a;
}

CheckArgs with_schedule(CheckArgs a, const std::string& schedule) {
  a.schedule = schedule;
  return a;
}

TEST_CASE("a two-stage schedule's composed bound is hand-checked", "[theory][schedule]") {
  // Stage 1: γ = 1/2 for 2 iterations: ρ = 7/8, R = 1, F₁ = (7/8)²·1 + 1 = 113/64.
  // Stage 2: γ = 1/4 for 3 iterations: ρ = 15/16, R = 1/2,
  //   F₂ = (15/16)³·113/64 + 1/2 = 381375/262144 + 131072/262144 = 512447/262144.
  const auto r = check(with_schedule(hand_args(), "2:0.5,3:0.25"));
  REQUIRE(r.stagewise);
  const auto& b = *r.stagewise;
  REQUIRE(b.admissible == Verdict::holds);
  REQUIRE(b.stages.size() == 2);
  CHECK(b.stages[0].shape->decrement == convert<Wide>(q(1, 8)));
  CHECK(b.stages[0].shape->residual == convert<Wide>(q(1)));
  CHECK(b.stages[1].shape->decrement == convert<Wide>(q(1, 16)));
  CHECK(b.stages[1].shape->residual == convert<Wide>(q(1, 2)));
  CHECK(testing::relative_error(*b.stages[0].end_bound, convert<Wide>(q(113, 64))) < Wide("1e-45"));
  CHECK(testing::relative_error(*b.bound, convert<Wide>(q(512447, 262144))) < Wide("1e-45"));
  CHECK(b.horizon() == 5);
  CHECK(*r.T == 5);
  // The curve for a figure: F₀ + R₁ at k = 0, F₁ at the boundary, the second stage after it.
  CHECK(b.at(0) == bound_at(*b.stages[0].shape, Wide(0)));
  CHECK(b.at(2) == *b.stages[0].end_bound);
  CHECK(testing::relative_error(b.at(3), convert<Wide>(q(15, 16) * q(113, 64) + q(1, 2))) <
        Wide("1e-45"));
  CHECK(b.at(5) == *b.bound);
  CHECK_THROWS(b.at(6));
}

TEST_CASE("a one-stage schedule is the constant-step bound exactly", "[theory][schedule]") {
  for (const char* gamma : {"0.5", "0.1", "1", "1/3"}) {
    CheckArgs constant = hand_args();
    constant.values[Symbol::gamma] = gamma;
    constant.T = "37";
    const auto expected = check(constant);
    const auto r = check(with_schedule(hand_args(), std::string("37:") + gamma));
    INFO("γ = " << gamma);
    REQUIRE(r.stagewise);
    REQUIRE(r.stagewise->bound);
    CHECK(*r.stagewise->bound == *expected.bound_T);
    CHECK(*r.bound_T == *expected.bound_T);
  }
}

TEST_CASE("a stage whose step fails its conditions is named", "[theory][schedule]") {
  const auto r = check(with_schedule(hand_args(), "2:0.5,3:2,4:0.1"));
  REQUIRE(r.stagewise);
  CHECK(r.stagewise->admissible == Verdict::fails);
  REQUIRE(r.stagewise->first_rejected);
  CHECK(*r.stagewise->first_rejected == 1);
  CHECK_FALSE(r.stagewise->bound);
  CHECK(r.stagewise->stages[2].admissible == Verdict::holds);
  CHECK(r.admissible == Verdict::holds);  // stage 1, the γ check reports beside the schedule
}

TEST_CASE("statements whose bound does not compose refuse schedules", "[theory][schedule]") {
  CheckArgs nonconvex = hand_args();
  nonconvex.theorem = "biased-sgd-nonconvex";
  nonconvex.values.erase(Symbol::mu);
  REQUIRE_THROWS_WITH(check(with_schedule(nonconvex, "2:0.5")),
                      Catch::Contains("--schedule") && Catch::Contains("nonconvex"));
  nonconvex.suggest_schedule = true;
  nonconvex.T = "10";
  REQUIRE_THROWS_WITH(check(nonconvex), Catch::Contains("--suggest-schedule"));
  for (const auto* id : {"momentum-pl", "delayed-compressed-gd-pl"}) {
    INFO(id);
    const auto why = schedule_refusal(testing::statement(id, Regime::pl).info());
    REQUIRE(why);
    CHECK(why->find(id) != std::string::npos);
  }
  CHECK_FALSE(schedule_refusal(testing::statement("biased-sgd-pl", Regime::pl).info()));
}

TEST_CASE("schedule text: parse errors name the flag and the bad piece", "[theory][schedule]") {
  const auto s = parse_step_schedule("10:0.1,20:1/3", "--schedule");
  REQUIRE(s.stages.size() == 2);
  CHECK(s.horizon() == 30);
  CHECK(s.stages[1].gamma == q(1, 3));
  CHECK(schedule_text(s) == "10:0.1,20:1/3");
  CHECK(parse_step_schedule(schedule_text(s), "--schedule").stages[0].gamma == q(1, 10));
  for (const auto& [text, part] :
       {std::pair{"", "--schedule is empty"}, std::pair{"10:0.1,x:0.2", "stage 2 'x:0.2'"},
        std::pair{"0:0.1", "stage 1 '0:0.1' has T = '0'"},
        std::pair{"2.5:0.1", "stage 1 '2.5:0.1'"}, std::pair{"10:-1", "has γ = '-1'"},
        std::pair{"10:nan", "has γ = 'nan'"}, std::pair{"10", "stage 1 '10' is not T:γ"},
        std::pair{"10:0.1,", "stage 2 '' is not T:γ"},
        std::pair{"2000000000000000:0.1", "from 1 to 1e15"}}) {
    INFO(text);
    REQUIRE_THROWS_AS(parse_step_schedule(text, "--schedule"), core::InputError);
    REQUIRE_THROWS_WITH(parse_step_schedule(text, "--schedule"),
                        Catch::Contains("--schedule") && Catch::Contains(part));
  }
  std::string many;
  for (std::size_t i = 0; i <= kMaxScheduleStages; ++i) many += i ? ",1:0.1" : "1:0.1";
  REQUIRE_THROWS_WITH(parse_step_schedule(many, "--schedule"), Catch::Contains("stages"));
}

TEST_CASE("a schedule: --T must agree with it, and --gamma is not given beside it",
          "[theory][schedule]") {
  CheckArgs a = with_schedule(hand_args(), "2:0.5,3:0.25");
  a.T = "6";
  REQUIRE_THROWS_WITH(check(a), Catch::Contains("--T = 6") && Catch::Contains("--schedule"));
  a.T = "5";
  CHECK(check(a).stagewise->bound);
  a.values[Symbol::gamma] = "0.5";
  REQUIRE_THROWS_WITH(check(a), Catch::Contains("--gamma"));
}

TEST_CASE("halving beats the best constant step when the noise dominates", "[theory][schedule]") {
  CheckArgs a = hand_args();
  a.values[Symbol::sigma2] = "1";
  a.values[Symbol::F0] = "100";
  a.T = "10000";
  a.suggest_schedule = true;
  const auto r = check(a);
  REQUIRE(r.suggested_schedule);
  const auto& s = *r.suggested_schedule;
  REQUIRE(s.schedule);
  CHECK(s.beats_constant);
  CHECK(*s.improvement > 1);
  CHECK(s.constant_gamma == *r.gamma_best);
  CHECK(s.constant_bound == *r.bound_T_at_gamma_best);
}

// ---- the property: every suggested schedule passes its own check, to the last bit ----

constexpr int kSetsPerStatement = 300;

double random_double(std::mt19937_64& rng, double lo, double hi) {
  const double x =
      std::exp(std::uniform_real_distribution<double>(std::log(lo), std::log(hi))(rng));
  const auto bits = std::bit_cast<std::uint64_t>(x) ^ (rng() & 0xFFFFFULL);
  return std::bit_cast<double>(bits);
}

double maybe_zero(std::mt19937_64& rng, double lo, double hi) {
  return rng() % 4 == 0 ? 0.0 : random_double(rng, lo, hi);
}

CheckArgs random_schedule_args(const TheoremInfo& info, std::mt19937_64& rng) {
  CheckArgs a;
  a.theorem = info.id;
  a.regime = "pl";
  const double L = random_double(rng, 1e-3, 1e3);
  const std::map<Symbol, double> values = {
      {Symbol::L, L},
      {Symbol::mu, L * std::uniform_real_distribution<double>(1e-6, 1)(rng)},
      {Symbol::m, rng() % 3 == 0 ? 0.0 : std::uniform_real_distribution<double>(0, 0.999)(rng)},
      {Symbol::zeta2, maybe_zero(rng, 1e-8, 10)},
      {Symbol::M, maybe_zero(rng, 1e-3, 100)},
      {Symbol::sigma2, maybe_zero(rng, 1e-8, 10)},
      {Symbol::delta, rng() % 4 == 0 ? 1.0 : random_double(rng, 1e-4, 1)},
      {Symbol::alpha, rng() % 4 == 0 ? 1.0 : 1 + random_double(rng, 1e-3, 1e3)},
      {Symbol::F0, random_double(rng, 1e-6, 1e3)}};
  for (const auto& [symbol, value] : values)
    if (info.needs(symbol) || symbol == Symbol::F0) a.values[symbol] = exact_decimal(value);
  a.T = std::to_string(static_cast<long long>(random_double(rng, 2, 1e9)));
  a.suggest_schedule = true;
  return a;
}

// Every stage's step is admitted as written, as the double a run uses and as its JSON number.
void require_stages_admitted(const CheckResult& r) {
  const auto v = r.inputs.values();
  for (const auto& stage : r.stagewise->stages) {
    const double x = convert<double>(stage.stage.gamma);
    INFO("stage γ " << format_exact(stage.stage.gamma));
    CHECK(certified_admits(*r.theorem, v, stage.stage.gamma));
    CHECK(certified_admits(*r.theorem, v, exact_value(x)));
    CHECK(certified_admits(*r.theorem, v, *parse_decimal(core::Json(x).dump())));
  }
}

TEST_CASE("suggested schedules pass their own check, to the last bit", "[theory][schedule]") {
  std::mt19937_64 rng(20261201);
  int suggested = 0, beaten = 0;
  for (const char* id : {"biased-sgd-pl", "compressed-gd-contraction", "unbiased-compressed-gd"}) {
    const auto& info = testing::statement(id, Regime::pl).info();
    for (int i = 0; i < kSetsPerStatement; ++i) {
      const auto args = random_schedule_args(info, rng);
      const auto r = check(args);
      if (!r.suggested_schedule || !r.suggested_schedule->schedule) continue;
      const auto& s = *r.suggested_schedule;
      ++suggested;
      beaten += s.beats_constant;
      CheckArgs pasted = args;
      pasted.suggest_schedule = false;
      pasted.T.reset();
      pasted.schedule = schedule_text(*s.schedule);
      const auto again = check(pasted);
      INFO(id << " " << *pasted.schedule);
      REQUIRE(again.stagewise);
      CHECK(again.stagewise->admissible == Verdict::holds);
      REQUIRE(again.stagewise->bound);
      CHECK(*again.stagewise->bound == *s.bound);
      CHECK(again.stagewise->horizon() == r.T->convert_to<long long>());
      CHECK(s.beats_constant == (*s.bound < s.constant_bound));
      if (s.beats_constant) CHECK(*s.improvement > 1);
      CHECK(certified_admits(*r.theorem, r.inputs.values(), exact_value(s.constant_gamma)));
      require_stages_admitted(again);
    }
  }
  INFO("suggested " << suggested << ", beating the constant " << beaten);
  CHECK(suggested > kSetsPerStatement);
  CHECK(beaten > 0);
}

}  // namespace
}  // namespace biasbound::theory
