#include "validators/validation_files.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/csv_writer.hpp"
#include "theory/step_size.hpp"
#include "theory/suggested_step.hpp"

namespace biasbound::validators {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::optional<double> defined(double x) {
  return std::isfinite(x) ? std::optional<double>(x) : std::nullopt;
}

}  // namespace

void write_trace(const std::filesystem::path& path, const std::vector<methods::SeedTrace>& traces,
                 const QuantityCurves& curves, bool virtual_sequence) {
  std::vector<std::string> columns = {"seed", "iter", "f", "grad_norm2", "quantity"};
  if (virtual_sequence) {
    columns.push_back("f_virtual");
    columns.push_back("v_norm2");
  }
  columns.push_back("bits_up");
  columns.push_back("bits_down");
  core::CsvWriter csv(path, columns);
  for (std::size_t r = 0; r < traces.size(); ++r) {
    const auto& t = traces[r];
    for (std::size_t k = 0; k < t.f.size(); ++k) {
      csv.cell(t.seed).cell(static_cast<long long>(k)).cell(t.f[k]).cell(t.grad_norm2[k]);
      const double q = curves.per_seed[r][k];
      csv.cell(std::isnan(q) ? std::optional<double>() : std::optional<double>(q));
      if (virtual_sequence) csv.cell(t.f_virtual[k]).cell(t.v_norm2[k]);
      // Empty for a seed reused from a seed file written before traces recorded bits.
      const bool bits = t.bits_up.size() == t.f.size();
      csv.cell(bits ? std::optional(t.bits_up[k]) : std::nullopt)
          .cell(bits ? std::optional(t.bits_down[k]) : std::nullopt);
      csv.end_row();
    }
  }
}

void write_bound(const std::filesystem::path& path, const std::vector<double>& bound,
                 const std::vector<double>& residual, const RunComparison& r) {
  const auto& c = r.curves;
  const auto& cmp = r.statistics;
  const auto& checkpoints = r.checkpoints;
  const auto& fit = r.rate_fit;
  const auto& window = r.window;
  core::CsvWriter csv(path, {"iter", "bound", "residual", "mean", "std_error", "lower", "upper",
                             "tightness", "fit", "checkpoint"});
  for (std::size_t T = 0; T < bound.size(); ++T) {
    const double mean = c.mean[T], se = c.standard_error[T];
    const double half = cmp.t_quantile * se;
    const bool in_window = fit && static_cast<long long>(T) >= window.begin;
    const double fitted = in_window
                              ? fit->A * std::pow(fit->rho, static_cast<double>(T) -
                                                                static_cast<double>(window.begin)) +
                                    fit->r
                              : kNaN;
    const bool is_checkpoint =
        std::find(checkpoints.begin(), checkpoints.end(), static_cast<int>(T)) != checkpoints.end();
    csv.cell(static_cast<long long>(T))
        .cell(defined(bound[T]))
        .cell(defined(residual[T]))
        .cell(defined(mean))
        .cell(defined(se))
        .cell(defined(mean - half))
        .cell(defined(mean + half))
        .cell(defined(mean > 0 ? bound[T] / mean : kNaN))
        .cell(defined(fitted))
        .cell(static_cast<long long>(is_checkpoint));
    csv.end_row();
  }
}

// γ_max as a function of the momentum parameter (β, or β̃ for M-DSGD) with every other input
// fixed: the boundary of the admissible (γ, β) region. One row without a parameter.
core::Json write_region(const std::filesystem::path& path, const theory::Theorem& statement,
                        const theory::CheckResult& check) {
  const auto& info = statement.info();
  std::optional<theory::Symbol> parameter;
  for (auto p : info.parameters)
    if (p == theory::Symbol::beta || p == theory::Symbol::beta_tilde) parameter = p;
  const core::Json file = path.empty() ? core::Json(nullptr) : core::Json("region.csv");
  if (path.empty())
    return {{"parameter", parameter ? core::Json(theory::symbol_info(*parameter).name) : nullptr},
            {"file", file}};
  core::CsvWriter csv(path, {"parameter_value", "gamma_max"});
  auto v = check.inputs.values();
  // The largest double the certified check admits: what the figure suggests is admissible.
  auto limit = [&] { return theory::gamma_max(statement, v).suggested; };
  if (!parameter) {
    csv.cell(std::optional<double>()).cell(limit());
    csv.end_row();
    return {{"parameter", nullptr}, {"file", file}};
  }
  const bool tilde = *parameter == theory::Symbol::beta_tilde;
  constexpr int kRows = 60;
  for (int i = 0; i < kRows; ++i) {
    // β ∈ (0, 1]: from 1/60 to 1; β̃ ∈ [0, 1): from 0 to 59/60.
    const double value = tilde ? double(i) / kRows : double(i + 1) / kRows;
    theory::field(v, *parameter) = theory::exact_value(value);
    csv.cell(value).cell(limit());
    csv.end_row();
  }
  return {{"parameter", theory::symbol_info(*parameter).name}, {"file", file}};
}

}  // namespace biasbound::validators
