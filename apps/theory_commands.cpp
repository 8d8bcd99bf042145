#include "apps/theory_commands.hpp"

#include <fmt/format.h>

#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "theory/catalog_listing.hpp"
#include "theory/check.hpp"
#include "theory/check_report.hpp"
#include "theory/explain.hpp"

namespace biasbound::apps {
namespace {

using theory::Symbol;

// Options that are stored only when given, so that "given" and "empty" stay different.
void add_text_option(CLI::App* cmd, const std::string& flag, std::optional<std::string>& target,
                     const std::string& help) {
  cmd->add_option_function<std::string>(
      flag, [&target](const std::string& text) { target = text; }, help);
}

struct CheckOptions {
  theory::CheckArgs args;
  std::map<Symbol, std::optional<std::string>> given;
  bool json = false;
};

}  // namespace

Command add_theorems_command(CLI::App& app) {
  auto json = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("theorems", "List the theorem catalog (docs/theory.md)");
  cmd->add_flag("--json", *json, "Print the catalog as JSON");
  return {cmd, [json] {
            if (*json)
              std::cout << theory::catalog_json().dump(2) << '\n';
            else
              std::cout << theory::catalog_text();
            return 0;
          }};
}

Command add_explain_command(CLI::App& app) {
  auto id = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("explain", "Explain a theorem: method, assumptions, statement");
  cmd->add_option("ID", *id, "Theorem id, as listed by 'biasbound theorems'")->required();
  return {cmd, [id] {
            std::cout << theory::explain(*id);
            return 0;
          }};
}

Command add_check_command(CLI::App& app) {
  auto options = std::make_shared<CheckOptions>();
  auto& args = options->args;
  auto* cmd = app.add_subcommand(
      "check",
      "Check a step size against a theorem: certified conditions, gamma_max, rate, residual, "
      "bound(T), iterations to eps, best gamma (docs/theory-cli.md)");
  cmd->add_option("--theorem", args.theorem, "Theorem id (see 'biasbound theorems')")->required();
  add_text_option(cmd, "--regime", args.regime,
                  "pl or nonconvex, for ids with both statements (default: pl when --mu is "
                  "given, else nonconvex)");
  for (Symbol s : theory::kAllSymbols) {
    const auto& info = theory::symbol_info(s);
    add_text_option(cmd, std::string(info.flag), options->given[s],
                    fmt::format("{} ({}), a decimal or p/q read exactly", info.meaning, info.domain));
  }
  add_text_option(cmd, "--eta", args.eta,
                  "mdsgd-nonconvex: the method's step eta instead of --gamma "
                  "(gamma = eta/(1 - beta_tilde))");
  add_text_option(cmd, "--T", args.T, "Horizon T for bound(T) and the best gamma");
  add_text_option(cmd, "--eps", args.eps, "Target eps for the iterations to reach it");
  add_text_option(cmd, "--constants", args.constants_file,
                  "measure.json from 'biasbound measure': bias and variance frontiers; the "
                  "point minimising this theorem's residual is chosen, flags override");
  cmd->add_flag("--grid", args.grid, "Also print the admissible (gamma, beta) grid");
  cmd->add_flag("--json", options->json, "Print the result as JSON");

  return {cmd, [options] {
            for (const auto& [symbol, text] : options->given)
              if (text) options->args.values[symbol] = *text;
            const auto result = theory::check(options->args);
            if (options->json)
              std::cout << theory::to_json(result).dump(2) << '\n';
            else
              std::cout << theory::to_text(result);
            // As validate: 4 when the step is not certified admissible.
            return result.admissible == theory::Verdict::holds ? 0 : 4;
          }};
}

}  // namespace biasbound::apps
