#pragma once
// Axis labels (gnuplot enhanced text) for the quantities validate compares with a bound. plots
// depends on core only, so the names of theory/quantity.hpp are repeated here.

#include <string>
#include <string_view>

namespace biasbound::plots {

/// The quantity as a formula, e.g. "(1/T) Σ_{k<T} ‖∇f(x_k)‖^2"; an unknown name as it is.
inline std::string quantity_label(std::string_view name) {
  if (name == "avg_grad_norm2") return "(1/T) Σ_{k<T} ‖∇f(x_k)‖^2";
  if (name == "min_grad_norm2") return "min_{k<T} ‖∇f(x_k)‖^2";
  if (name == "min_grad_norm2_incl_T") return "min_{k≤T} ‖∇f(x_k)‖^2";
  if (name == "f_gap_last") return "f(x_T) − f^*";
  if (name == "momentum_lyapunov") return "Φ_T = f(z_T) − f^* + a‖v_{T−1}‖^2";
  return std::string(name);
}

}  // namespace biasbound::plots
