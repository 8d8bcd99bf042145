#pragma once
// A figure as written to disk: its tidy data, the gnuplot script that draws it, and the SVG and
// PNG the script produced, with the words a report shows beside it.

#include <filesystem>
#include <string>

namespace biasbound::plots {

struct Figure {
  std::string name;           // file stem, e.g. "bound_vs_actual"
  std::string title;          // one line, e.g. "Bound versus observed: avg ‖∇f‖²"
  std::string caption;        // two sentences: what is drawn and how to read it
  std::filesystem::path csv;  // the tidy data the script plots
  std::filesystem::path gp;   // the gnuplot script (re-runnable: `gnuplot NAME.gp` in its folder)
  std::filesystem::path svg;
  std::filesystem::path png;
};

}  // namespace biasbound::plots
