#include "plots/report.hpp"

namespace biasbound::plots {

std::filesystem::path write_report(const std::filesystem::path& dir) { return dir / "report.html"; }

}  // namespace biasbound::plots
