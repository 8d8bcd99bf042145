#include "plots/plot_directory.hpp"

namespace biasbound::plots {

std::vector<Figure> plot_directory(const std::filesystem::path&) { return {}; }

}  // namespace biasbound::plots
