#pragma once
// A validation scenario: problem, estimator, method parameters, theorem, measurement and
// statistics settings — what validate() takes — with its fingerprint and JSON form. Reading one
// from a TOML file (docs/validation.md) with `--set KEY=VALUE` overrides is the I/O layer's
// (io/scenario_file.hpp).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/json_io.hpp"

namespace biasbound::validators {

struct Scenario {
  std::string name;                    // the file's stem
  std::string origin;                  // the file (or text) it was read from
  std::vector<std::string> overrides;  // the --set KEY=VALUE applied on top, in order
  std::string title;
  std::string description;
  std::string theorem;  // catalog id
  std::string regime;   // "pl", "nonconvex" or empty: PL when the problem knows μ > 0

  std::string problem;
  int workers = 1;
  std::string estimator = "exact";  // the pipeline, or the source g_i for EF and M-DSGD
  std::string compressor;  // C for EF, M-DSGD, delayed GD, IAG; Q for block-coordinate; empty: none

  std::string gamma = "best";  // a number, "best" (minimises the bound at T) or "max"
  // Steps checked against the theorem's conditions beside the one run (e.g. a paper's):
  // validate.json says how far each is from the largest admissible step. Nothing is run.
  std::vector<double> check_gamma{};
  double beta = 1;
  std::string init = "zero";
  double beta_tilde = 0;
  int tau = 0;
  std::string staleness = "fixed";
  int blocks = 1;                // B of block-coordinate descent
  std::string order = "cyclic";  // IAG's refresh order: "cyclic" or "random"
  long long iterations = 200;
  int seeds = 8;
  std::uint64_t first_seed = 1;

  int points = 16;
  int samples = 100;
  std::string probes = "trajectory,ball,near-opt";
  long long probe_iters = 100;
  std::uint64_t measure_seed = 1;
  int curvature_points = 4;  // problems without a global L: probe points where L is measured

  double confidence = 0.99;
  int checkpoints = 20;
  int threads = 0;  // 0: all cores

  /// Claimed constants that replace measured or analytic ones: L, mu, f_star, F0, m, zeta2, M,
  /// sigma2, G2, delta, alpha.
  std::map<std::string, double> constants;

  /// [expect] violated_by: claims ("m=0") that must turn the verdict to VIOLATED. What the
  /// scenario promises; it does not change any result (not in the fingerprint).
  std::vector<std::string> violated_by;
};

/// Everything that determines the results (not title, description, seeds, checkpoints or
/// threads): two scenarios with equal fingerprints produce the same per-seed traces and
/// measurements.
core::Json fingerprint(const Scenario& scenario);

/// The resolved scenario, every field.
core::Json to_json(const Scenario& scenario);

}  // namespace biasbound::validators
