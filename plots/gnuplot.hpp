#pragma once
// Figures drawn by gnuplot from generated scripts. Every script shares one style (the
// Okabe-Ito colour-blind-safe palette, light grid, no top/right border) and draws its body
// twice: NAME.svg for reading and NAME.png at twice the size for slides.

#include <filesystem>
#include <string>
#include <string_view>

#include "plots/figure.hpp"

namespace biasbound::plots {

// The same meaning has the same colour in every figure.
namespace colour {
inline constexpr std::string_view observed = "#0072B2";  // blue; its band is a translucent blue
inline constexpr std::string_view bound = "#D55E00";     // vermillion; residual: same, dashed
inline constexpr std::string_view fit = "#009E73";       // green, dash-dot
inline constexpr std::string_view analytic = "#CC79A7";  // analytic worst case
inline constexpr std::string_view orange = "#E69F00";    // other series
inline constexpr std::string_view sky = "#56B4E9";
inline constexpr std::string_view yellow = "#F0E442";
inline constexpr std::string_view black = "#000000";
}  // namespace colour

/// What a figure script needs besides its body.
struct Script {
  std::string name;     // file stem
  std::string title;    // Figure::title
  std::string caption;  // Figure::caption
  int width = 900;      // SVG size in pixels; the PNG is twice as large
  int height = 560;
  /// gnuplot commands drawing the figure from NAME.csv; terminal and output are set around
  /// them. The preamble defines pick(s, c): column c of rows whose first column is s, else NaN.
  std::string body;
};

/// A double-quoted gnuplot string literal holding `text` (backslashes and quotes escaped).
std::string literal(std::string_view text);

/// Writes figures_dir/NAME.gp and runs gnuplot in figures_dir, which makes NAME.svg and
/// NAME.png from NAME.csv (written by the caller). A missing gnuplot or a failing script is a
/// core::InputError quoting gnuplot's error output.
Figure draw(const std::filesystem::path& figures_dir, const Script& script);

}  // namespace biasbound::plots
