// Inputs: every statement enforces its needed constants, impossible values are named, and the
// regime is chosen as documented.

#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "core/error.hpp"
#include "theory/check.hpp"
#include "theory_test_support.hpp"

namespace biasbound::theory {
namespace {

using namespace testing;

// A valid decimal for every symbol (μ ≤ L, γ small enough for every statement).
const std::map<Symbol, std::string> kValid = {{Symbol::L, "2"},
                                              {Symbol::L_blk, "1"},
                                              {Symbol::L_max, "3"},
                                              {Symbol::B, "4"},
                                              {Symbol::mu, "0.1"},
                                              {Symbol::m, "0.25"},
                                              {Symbol::zeta2, "0.01"},
                                              {Symbol::M, "1"},
                                              {Symbol::sigma2, "0.5"},
                                              {Symbol::G2, "3"},
                                              {Symbol::delta, "0.2"},
                                              {Symbol::alpha, "2"},
                                              {Symbol::tau, "2"},
                                              {Symbol::n, "4"},
                                              {Symbol::gamma, "0.001"},
                                              {Symbol::beta, "0.5"},
                                              {Symbol::beta_tilde, "0.5"},
                                              {Symbol::F0, "1"}};

// The check of one statement given exactly the symbols it needs (plus F₀).
CheckArgs needed_args(const TheoremInfo& info) {
  CheckArgs args;
  args.theorem = info.id;
  args.regime = std::string(regime_name(info.regime));
  for (const auto& list : {info.constants, info.parameters})
    for (Symbol s : list) args.values[s] = kValid.at(s);
  args.values[Symbol::F0] = "1";
  return args;
}

std::string error_of(const CheckArgs& args) {
  try {
    check(args);
  } catch (const core::InputError& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_CASE("every statement enforces its needed constants and lists them all", "[theory][inputs]") {
  for (const auto* t : catalog()) {
    const auto& info = t->info();
    INFO(info.id << " (" << regime_name(info.regime) << ")");
    const auto args = needed_args(info);
    CHECK(check(args).admissible == Verdict::holds);
    for (const auto& [missing, text] : args.values) {
      if (missing == Symbol::F0) continue;  // optional: only bound(T) needs it
      auto without = args;
      without.values.erase(missing);
      const auto message = error_of(without);
      INFO("without " << symbol_info(missing).flag << ": " << message);
      REQUIRE_FALSE(message.empty());
      CHECK(contains(message, fmt::format("missing: {}", symbol_info(missing).flag)));
      for (const auto& list : {info.constants, info.parameters})
        for (Symbol s : list) CHECK(contains(message, std::string(symbol_info(s).flag)));
    }
  }
}

TEST_CASE("impossible values are errors naming the input", "[theory][inputs]") {
  const auto base = needed_args(statement("momentum-pl", Regime::pl).info());
  const std::vector<std::pair<Symbol, std::string>> bad = {
      {Symbol::m, "1"},       {Symbol::m, "1.5"},       {Symbol::m, "-0.1"},
      {Symbol::sigma2, "-1"}, {Symbol::zeta2, "-1e-9"}, {Symbol::M, "-2"},
      {Symbol::gamma, "0"},   {Symbol::gamma, "-0.1"},  {Symbol::beta, "0"},
      {Symbol::beta, "1.01"}, {Symbol::L, "0"},         {Symbol::mu, "0"},
      {Symbol::gamma, "abc"}, {Symbol::L, "nan"},       {Symbol::L, "inf"},
      {Symbol::F0, "-1"},     {Symbol::mu, "3"}};  // μ > L = 2
  for (const auto& [symbol, text] : bad) {
    auto args = base;
    args.values[symbol] = text;
    const auto message = error_of(args);
    INFO(symbol_info(symbol).flag << " = " << text << ": " << message);
    CHECK(contains(message, std::string(symbol_info(symbol).flag)));
  }
  SECTION("constants of other statements") {
    for (const auto& [id, symbol, text] :
         {std::tuple{"compressed-gd-contraction", Symbol::delta, "0"},
          std::tuple{"compressed-gd-contraction", Symbol::delta, "1.5"},
          std::tuple{"unbiased-compressed-gd", Symbol::alpha, "0.5"},
          std::tuple{"delayed-compressed-gd-pl", Symbol::tau, "1.5"},
          std::tuple{"delayed-compressed-gd-pl", Symbol::tau, "-1"},
          std::tuple{"block-coordinate-pl", Symbol::B, "0"},
          std::tuple{"block-coordinate-pl", Symbol::B, "2.5"},
          std::tuple{"block-coordinate-pl", Symbol::L_blk, "0"},
          std::tuple{"iag-pl", Symbol::L_max, "0"}, std::tuple{"iag-pl", Symbol::n, "0"},
          std::tuple{"mdsgd-nonconvex", Symbol::n, "0"},
          std::tuple{"mdsgd-nonconvex", Symbol::beta_tilde, "1"},
          std::tuple{"ef-sgd-nonconvex", Symbol::G2, "-3"}}) {
      auto args = needed_args(statement(id, Regime::nonconvex).info());
      args.values[symbol] = text;
      const auto message = error_of(args);
      INFO(id << ": " << symbol_info(symbol).flag << " = " << text << ": " << message);
      CHECK(contains(message, std::string(symbol_info(symbol).flag)));
    }
  }
  SECTION("horizon and target") {
    auto args = base;
    for (const char* T : {"0", "2.5", "x"}) {
      args.T = T;
      CHECK(contains(error_of(args), "--T"));
    }
    args.T = "10";
    args.eps = "0";
    CHECK(contains(error_of(args), "--eps"));
  }
}

TEST_CASE("the regime defaults to pl with --mu, else nonconvex, and is reported",
          "[theory][inputs]") {
  CheckArgs args;
  args.theorem = "compressed-gd-contraction";
  args.values = {{Symbol::L, "1"}, {Symbol::delta, "0.5"}, {Symbol::gamma, "0.5"}};
  auto r = check(args);
  CHECK(r.theorem->info().regime == Regime::nonconvex);
  CHECK(contains(r.regime_reason, "no --mu"));

  args.values[Symbol::mu] = "0.1";
  r = check(args);
  CHECK(r.theorem->info().regime == Regime::pl);
  CHECK(contains(r.regime_reason, "--mu given"));

  args.regime = "nonconvex";
  r = check(args);
  CHECK(r.theorem->info().regime == Regime::nonconvex);
  CHECK(contains(r.notes.at(0), "--mu is not used"));

  args.regime = "convex";
  CHECK(contains(error_of(args), "--regime"));
  args.theorem = "biased-sgd-pl";
  args.regime = "nonconvex";
  CHECK(contains(error_of(args), "has no nonconvex statement"));
  args.theorem = "no-such-theorem";
  args.regime.reset();
  const auto message = error_of(args);
  for (const auto& id : theorem_ids()) CHECK(contains(message, id));
}

TEST_CASE("mdsgd takes --eta or --gamma with gamma = eta/(1 - beta_tilde)", "[theory][inputs]") {
  auto args = needed_args(statement("mdsgd-nonconvex", Regime::nonconvex).info());
  args.values.erase(Symbol::gamma);
  args.eta = "0.05";  // β̃ = 1/2: γ = 0.1
  const auto r = check(args);
  CHECK(r.inputs.at(Symbol::gamma).value == q(1, 10));
  args.values[Symbol::gamma] = "0.1";
  CHECK(contains(error_of(args), "not both"));
  auto other = needed_args(statement("biased-sgd-nonconvex", Regime::nonconvex).info());
  other.eta = "0.1";
  CHECK(contains(error_of(other), "takes --gamma"));
}

}  // namespace
}  // namespace biasbound::theory
