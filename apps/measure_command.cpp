#include "apps/measure_command.hpp"

#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "apps/flag_names.hpp"
#include "apps/measure_checks.hpp"
#include "apps/number_option.hpp"
#include "core/thread_pool.hpp"
#include "methods/measure.hpp"

namespace biasbound::apps {
namespace {

struct MeasureOptions {
  methods::MeasureConfig config;
  std::string probes = "trajectory,ball,near-opt";
  bool json = false;
  bool quiet = false;
  bool force = false;
};

std::string number(const core::Json& value) {
  return value.is_null() ? "unbounded" : fmt::format("{:.4g}", value.get<double>());
}

// The analytic constants the stages declare, as "topk: delta=0.1, m<=0.9; ...".
std::string analytic_summary(const core::Json& stages) {
  std::string out;
  for (const auto& stage : stages) {
    const auto& a = stage["analytic"];
    std::string parts;
    for (const char* key : {"delta", "alpha", "m", "zeta2"})
      if (a.contains(key))
        parts += fmt::format("{}{}={:.4g}", parts.empty() ? "" : ", ", key, a[key].get<double>());
    if (a["unbiased"].get<bool>()) parts += parts.empty() ? "unbiased" : ", unbiased";
    if (!parts.empty())
      out += fmt::format("{}{}: {}", out.empty() ? "" : "; ", stage["stage"].get<std::string>(),
                         parts);
  }
  return out.empty() ? "none in closed form (measured only)" : out;
}

void print_measure_summary(const core::Json& r) {
  const auto& bias = r["bias"];
  const auto& variance = r["variance"];
  fmt::print("estimator {} on {} ({} workers)\n", r["config"]["estimator"].get<std::string>(),
             r["config"]["problem"].get<std::string>(), r["config"]["workers"].get<int>());
  fmt::print("measured  {} points x {} samples ({}), limits {}\n\n", r["points"].get<int>(),
             r["samples"].get<int>(), r["mode"].get<std::string>(),
             r["coverage"].get<std::string>());
  fmt::print("{:<14}{:>14}{:>22}\n", "constant", "estimate", "upper limit (used)");
  fmt::print("{:<14}{:>14}{:>22}\n", "m (zeta2=0)", number(bias["m_only_estimate"]),
             number(bias["m_only"]));
  fmt::print("{:<14}{:>14}{:>22}\n", "zeta2 (m=0)", number(bias["zeta2_only_estimate"]),
             number(bias["zeta2_only"]));
  fmt::print("{:<14}{:>14}{:>22}\n", "M (sigma2=0)", number(variance["M_only_estimate"]),
             number(variance["M_only"]));
  fmt::print("{:<14}{:>14}{:>22}\n", "sigma2 (M=0)", number(variance["sigma2_only_estimate"]),
             number(variance["sigma2_only"]));
  const auto& theta2 = r["hetero"]["theta2"];
  fmt::print("{:<14}{:>14}\n\n", "theta2", theta2.is_null() ? "not measured" : number(theta2));
  fmt::print("bias frontier (m, zeta2):");
  for (const auto& v : bias["frontier"])
    fmt::print(" ({:.4g}, {:.4g})", v["m"].get<double>(), v["zeta2"].get<double>());
  fmt::print("\nvariance frontier (M, sigma2):");
  for (const auto& v : variance["frontier"])
    fmt::print(" ({:.4g}, {:.4g})", v["M"].get<double>(), v["sigma2"].get<double>());
  fmt::print("\nanalytic: {}\n\n{}\n", analytic_summary(r["analytic"]["stages"]),
             r["note"].get<std::string>());
}

// The flag each MeasureConfig field is read from (defined below), so errors name the flag.
const FlagNames kMeasureFlags = {
    {"MeasureConfig.workers", "--workers"}, {"MeasureConfig.points", "--points"},
    {"MeasureConfig.samples", "--samples"}, {"MeasureConfig.confidence", "--confidence"},
    {"MeasureConfig.probes", "--probes"},   {"MeasureConfig.gamma", "--gamma"},
    {"MeasureConfig.beta", "--beta"},       {"MeasureConfig.probe_iters", "--probe-iters"},
    {"MeasureConfig.radius", "--radius"},   {"MeasureConfig.threads", "--threads"},
    {"MeasureConfig.out", "--out"}};

int measure_and_report(MeasureOptions& options) {
  auto& config = options.config;
  config.probes = parse_flag("--probes", options.probes, methods::parse_probes);
  config.progress = !options.quiet;
  if (config.threads > 0 && config.workers > 0)
    config.threads = core::pool_size(config.threads, config.workers);
  check_measure_size(config);
  const auto outcome = measure_finite(config, options.force);
  if (options.json)
    std::cout << outcome.record.dump(2) << '\n';
  else
    print_measure_summary(outcome.record);
  return 0;
}

}  // namespace

Command add_measure_command(CLI::App& app) {
  auto options = std::make_shared<MeasureOptions>();
  auto& c = options->config;
  auto* cmd = app.add_subcommand(
      "measure",
      "Measure an estimator's bias (m, zeta2) and affine-variance (M, sigma2) constants with "
      "confidence intervals");
  cmd->add_option("--problem", c.problem, "Problem spec (see docs/user-guide.md)")->required();
  cmd->add_option("--estimator", c.estimator, "Estimator pipeline per worker")->required();
  add_number(cmd, "--workers", c.workers, "Number of workers n")->required();
  add_number(cmd, "--points", c.points, "Probe points P")->default_val(24);
  add_number(cmd, "--samples", c.samples,
             "Draws of the aggregated estimator per point (from the forked state of a run, "
             "for stateful estimators)")
      ->default_val(200);
  add_number(cmd, "--confidence", c.confidence,
             "Confidence of each frontier, simultaneous over the points (one-sided limits, "
             "Bonferroni)")
      ->default_val(0.99);
  cmd->add_option("--probes", options->probes,
                  "Probe kinds, comma-separated: trajectory (a run of the method), ball (around "
                  "x0), near-opt (around x*)")
      ->default_val("trajectory,ball,near-opt");
  add_number(cmd, "--seed", c.seed, "Seed of every random stream")->default_val(1);
  add_number(cmd, "--gamma", c.gamma, "Step size of the probing run; 0 = 1/L")->default_val(0);
  add_number(cmd, "--beta", c.beta, "Momentum of the probing run")->default_val(1);
  add_number(cmd, "--probe-iters", c.probe_iters, "Iterations of the probing run")
      ->default_val(100);
  add_number(cmd, "--radius", c.radius, "Radius of the ball probes; 0 = the distance from x0 to x*")
      ->default_val(0);
  add_number(cmd, "--threads", c.threads,
             "Threads, at most one per worker; 0 = min(cores, workers)")
      ->default_val(0);
  cmd->add_option("--out", c.out,
                  "Directory for measure.json and pairs.csv; one that holds other results (of "
                  "run or validate, or a measurement of another configuration) is refused, and "
                  "the same configuration is measured again and overwritten");
  cmd->add_flag("--force", options->force,
                "Replace the other results in --out: removes the files biasbound wrote there "
                "(never other files: a folder that holds some is refused)");
  cmd->add_flag("--json", options->json, "Print measure.json's content on stdout");
  cmd->add_flag("--quiet", options->quiet, "No progress on stderr");

  return {cmd, naming_flags(kMeasureFlags, [options] { return measure_and_report(*options); })};
}

}  // namespace biasbound::apps
