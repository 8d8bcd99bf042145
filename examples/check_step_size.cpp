// Check a step size against a theorem, as `biasbound check` does: the theorem's conditions at
// the given constants, decided exactly, its verdict, rate and residual, and the step sizes it
// suggests. Then take the theory at its word: every suggested γ must pass the same check, as the
// double a run would use and as the decimal printed for it.
//
//   check_step_size [THEOREM NAME=VALUE...]
//
// NAMEs are the theorem's inputs as `biasbound explain THEOREM` lists them (L, mu, m, zeta2, M,
// sigma2, ..., gamma, beta, F0) and T, the horizon the best γ is chosen for. VALUEs are decimals,
// read exactly: 0.1 is 1/10. Without arguments it checks the example of docs/theory-cli.md.

#include <biasbound/core/error.hpp>
#include <biasbound/theory/check.hpp>
#include <biasbound/theory/check_report.hpp>
#include <biasbound/theory/suggested_step.hpp>

#include <iostream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace theory = biasbound::theory;

namespace {

// "L=2" sets the input L, "T=100" the horizon.
void set_input(theory::CheckArgs& args, const std::string& assignment) {
  const auto equals = assignment.find('=');
  if (equals == std::string::npos)
    throw biasbound::core::input_error("expected NAME=VALUE, got '{}'", assignment);
  const auto name = assignment.substr(0, equals);
  const auto value = assignment.substr(equals + 1);
  if (name == "T") {
    args.T = value;
    return;
  }
  for (const auto symbol : theory::kAllSymbols) {
    if (theory::symbol_info(symbol).name == name) {
      args.values[symbol] = value;
      return;
    }
  }
  throw biasbound::core::input_error("unknown input '{}'", name);
}

// Whether the check admits the step `gamma` both at its exact binary value and as printed.
bool admitted(theory::CheckArgs args, double gamma) {
  for (const auto& text : {theory::exact_decimal(gamma), theory::shortest_decimal(gamma)}) {
    args.values[theory::Symbol::gamma] = text;
    if (theory::check(args).admissible != theory::Verdict::holds) return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> words(argv + 1, argv + argc);
  if (words.empty())
    words = {"momentum-nonconvex", "L=2",      "M=1",  "m=0.5", "zeta2=0.1",
             "sigma2=0.4",         "beta=0.5", "F0=3", "T=100", "gamma=0.025"};
  try {
    theory::CheckArgs args;
    args.theorem = words.front();
    for (std::size_t i = 1; i < words.size(); ++i) set_input(args, words[i]);

    const theory::CheckResult result = theory::check(args);
    std::cout << theory::to_text(result) << '\n';

    const std::pair<const char*, std::optional<double>> suggestions[] = {
        {"largest step", result.gamma_max.suggested},
        {"best step for T", result.gamma_best},
    };
    bool all_admitted = true;
    for (const auto& [what, gamma] : suggestions) {
      if (!gamma) continue;
      const bool ok = admitted(args, *gamma);
      std::cout << "suggested " << what << " γ = " << theory::shortest_decimal(*gamma) << ": "
                << (ok ? "admitted by the same check" : "REJECTED by the same check") << '\n';
      all_admitted = all_admitted && ok;
    }
    return all_admitted ? 0 : 1;
  } catch (const biasbound::core::InputError& error) {
    std::cerr << "check_step_size: " << error.what() << '\n';
    return 2;
  }
}
