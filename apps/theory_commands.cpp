#include "apps/theory_commands.hpp"

#include <fmt/format.h>

#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/spec.hpp"
#include "theory/catalog_listing.hpp"
#include "theory/check.hpp"
#include "theory/check_report.hpp"
#include "theory/explain.hpp"
#include "validators/compressor_check.hpp"
#include "validators/compressor_table.hpp"

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
  std::optional<std::string> compressor;
  std::optional<std::string> compressors;
  int dim = 0;
  int workers = 1;
  bool json = false;
};

void add_communication_options(CLI::App* cmd, CheckOptions& options) {
  add_text_option(cmd, "--compressor", options.compressor,
                  "The workers' compressor (a spec, e.g. topk:k=10): bits to reach eps next to the "
                  "iterations, and its closed-form delta or alpha where the theorem needs one; "
                  "needs --d");
  add_text_option(cmd, "--compressors", options.compressors,
                  "Compare compressors (specs, comma-separated): one row each, against "
                  "uncompressed fp32, with gamma_max, the step, iterations and bits to eps; "
                  "needs --d, --eps, --F0");
  cmd->add_option("--d", options.dim, "Dimension d of the messages, for --compressor(s)")
      ->check(CLI::Range(1, 1 << 30));
  cmd->add_option("--workers", options.workers,
                  "Workers n sending a message per iteration, for the bits (default: --n if "
                  "given, else 1)")
      ->check(CLI::Range(1, 1 << 30));
}

// --n counts the workers for the bits unless --workers is given.
int message_workers(const CheckOptions& options, const CLI::App& cmd) {
  if (cmd.count("--workers") || !options.args.values.count(Symbol::n)) return options.workers;
  const auto& n = options.args.values.at(Symbol::n);
  try {
    return std::stoi(n);
  } catch (const std::exception&) {
    return options.workers;  // the check itself reports a malformed --n
  }
}

int run_check(const CheckOptions& options, const CLI::App& cmd) {
  auto args = options.args;
  for (const auto& [symbol, text] : options.given)
    if (text) args.values[symbol] = *text;
  if (args.values.count(Symbol::gamma) && args.values.at(Symbol::gamma) == "best") {
    args.values.erase(Symbol::gamma);
    args.gamma_for_eps = true;
  }
  if ((options.compressor || options.compressors) && !cmd.count("--d"))
    throw core::input_error("--compressor and --compressors need --d, the message dimension");
  const int workers = message_workers(options, cmd);
  if (options.compressors) {
    const auto table = validators::compressor_table(
        {.check = args,
         .compressors = core::split_spec_list(*options.compressors, "--compressors"),
         .dim = options.dim,
         .workers = workers});
    std::cout << (options.json ? table.to_json().dump(2) + "\n" : table.to_text());
    return 0;
  }
  if (options.compressor)
    validators::apply_compressor(args, *options.compressor, options.dim, workers);
  const auto result = theory::check(args);
  if (options.json)
    std::cout << theory::to_json(result).dump(2) << '\n';
  else
    std::cout << theory::to_text(result);
  // As validate: 4 when the step (or a stage of --schedule) is not certified admissible.
  const bool stages_hold =
      !result.stagewise || result.stagewise->admissible == theory::Verdict::holds;
  return result.admissible == theory::Verdict::holds && stages_hold ? 0 : 4;
}

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
    add_text_option(
        cmd, std::string(info.flag), options->given[s],
        fmt::format("{} ({}), a decimal or p/q read exactly{}", info.meaning, info.domain,
                    s == Symbol::gamma ? "; 'best': the step reaching --eps in the fewest "
                                         "iterations"
                                       : ""));
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
  add_text_option(cmd, "--schedule", args.schedule,
                  "Stagewise step sizes T1:g1,T2:g2,... instead of --gamma (PL statements of "
                  "memoryless methods): each stage checked at its own gamma, the bound composed "
                  "stage by stage; the horizon is the sum of the T_s");
  cmd->add_flag("--suggest-schedule", args.suggest_schedule,
                "Suggest the best halving schedule for --T and say whether, and by how much, it "
                "beats the best constant gamma (needs --F0)");
  add_communication_options(cmd, *options);
  cmd->add_flag("--json", options->json, "Print the result as JSON");

  return {cmd, [options, cmd] { return run_check(*options, *cmd); }};
}

}  // namespace biasbound::apps
