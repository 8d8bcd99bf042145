#include "plots/figure_sweep_folder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>

#include "plots/sweep_panels.hpp"
#include "plots/sweep_record.hpp"
#include "plots/table.hpp"

namespace biasbound::plots {
namespace fs = std::filesystem;
namespace {

/// Which grid key places a sweep.csv row where: its column of panels, its line, its figure.
struct SweepLayout {
  std::optional<std::string> column_key;  // "estimator" when the grid varies it
  std::string line_key = "beta";          // β, or the first other key that varies
  bool line_in_grid = false;              // else every line has the scenario's value
  std::vector<std::string> figure_keys;   // the other keys that vary: one figure per combination
};

bool varies(const SweepGridKey& axis) {
  return axis.values.size() > 1;
}

SweepLayout sweep_layout(const SweepRecord& record) {
  SweepLayout layout;
  if (record.find("estimator")) layout.column_key = "estimator";
  const auto line = [&]() -> const SweepGridKey* {
    if (const auto* beta = record.find("beta")) return beta;
    for (const auto& axis : record.grid)
      if (axis.key != "estimator" && varies(axis)) return &axis;
    return nullptr;
  }();
  if (line) layout.line_key = line->key;
  layout.line_in_grid = line != nullptr;
  for (const auto& axis : record.grid)
    if (axis.key != "estimator" && axis.key != layout.line_key && varies(axis))
      layout.figure_keys.push_back(axis.key);
  return layout;
}

/// The scenario's value of `key` (sweep.json "config"), for a key the grid does not vary.
std::string scenario_value(const SweepRecord& record, const std::string& key) {
  const auto config = record.json.value("config", core::Json::object());
  if (!config.contains(key)) return "?";
  const auto& v = config[key];
  return v.is_string() ? v.get<std::string>() : v.dump();
}

/// One row of sweep.csv, read by name.
struct SweepRow {
  std::vector<std::string> figure;  // the values of the figure keys
  std::string column, value;        // its column of panels and line
  double iter = 0;
  int seeds = 0, diverged = 0;
  std::optional<SeedBand> loss, accuracy;
};

std::optional<SeedBand> band_of(const Table& t, const std::vector<std::string>& row,
                                const std::string& metric) {
  const auto mean = t.number(row, t.column(metric + "_mean"));
  if (!mean) return std::nullopt;
  return SeedBand{*mean, t.number(row, t.column(metric + "_std")).value_or(0)};
}

int count_of(const Table& t, const std::vector<std::string>& row, const char* name) {
  return static_cast<int>(t.number(row, t.column(name)).value_or(0));
}

std::vector<SweepRow> read_rows(const fs::path& csv, const SweepRecord& record,
                                const SweepLayout& layout) {
  const auto t = read_table(csv);
  const auto fixed = [&](const std::string& key) { return scenario_value(record, key); };
  std::vector<SweepRow> rows;
  for (const auto& row : t.rows) {
    SweepRow r;
    for (const auto& key : layout.figure_keys) r.figure.push_back(row[t.column(key)]);
    r.column = layout.column_key ? row[t.column(*layout.column_key)] : fixed("estimator");
    r.value = layout.line_in_grid ? row[t.column(layout.line_key)] : fixed(layout.line_key);
    r.iter = t.number(row, t.column("iter")).value_or(0);
    r.seeds = count_of(t, row, "seeds");
    r.diverged = count_of(t, row, "diverged");
    r.loss = band_of(t, row, "train_loss");
    r.accuracy = band_of(t, row, "test_acc");
    // A problem without evaluation metrics (a quadratic) has f and bits here, nothing to draw.
    if (r.loss || r.accuracy) rows.push_back(std::move(r));
  }
  return rows;
}

/// "β = 1 (2/5 seeds diverged)": the line's value and, when any, its diverged seeds.
std::string sweep_legend(const std::string& key, const SweepRow& row) {
  auto legend = fmt::format("{} = {}", grid_key_name(key), row.value);
  if (row.diverged > 0) legend += fmt::format(" ({}/{} seeds diverged)", row.diverged, row.seeds);
  return legend;
}

/// The lines of one figure, in row order (the grid's order).
struct SweepGroup {
  std::vector<std::string> figure;
  std::vector<SweepLine> lines;
};

void add_row(SweepGroup& group, const SweepRow& row, const std::string& line_key) {
  auto it = std::find_if(group.lines.begin(), group.lines.end(), [&](const SweepLine& l) {
    return l.column == row.column && l.value == row.value;
  });
  if (it == group.lines.end()) {
    group.lines.push_back({row.column,
                           row.value,
                           sweep_legend(line_key, row),
                           row.diverged > 0 ? "diverged" : "completed",
                           {},
                           {}});
    it = group.lines.end() - 1;
  }
  if (row.loss) it->loss[row.iter] = *row.loss;
  if (row.accuracy) it->accuracy[row.iter] = *row.accuracy;
}

std::vector<SweepGroup> group_rows(const std::vector<SweepRow>& rows, const std::string& line_key) {
  std::vector<SweepGroup> groups;
  for (const auto& row : rows) {
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const SweepGroup& g) { return g.figure == row.figure; });
    if (it == groups.end()) {
      groups.push_back({row.figure, {}});
      it = groups.end() - 1;
    }
    add_row(*it, row, line_key);
  }
  return groups;
}

/// Colours follow the grid's order of the line values, as the sweep file writes them.
void order_lines(std::vector<SweepLine>& lines, const SweepRecord& record, const std::string& key) {
  const auto* axis = record.find(key);
  if (!axis) return;
  const auto rank = [&](const SweepLine& l) {
    return std::find(axis->values.begin(), axis->values.end(), l.value) - axis->values.begin();
  };
  std::stable_sort(lines.begin(), lines.end(),
                   [&](const SweepLine& a, const SweepLine& b) { return rank(a) < rank(b); });
}

/// beta_sweep-gamma=0.5: which figure it is.
std::string sweep_figure_name(const SweepLayout& layout, const std::vector<std::string>& values) {
  return grid_figure_stem(layout.line_key + "_sweep", layout.figure_keys, values);
}

/// "γ = 0.5, init = first": the figure's values in words; empty for a single figure.
std::string combination_text(const SweepLayout& layout, const std::vector<std::string>& values) {
  return grid_values_text(layout.figure_keys, values);
}

std::string diverged_note(const std::vector<SweepLine>& lines) {
  const auto diverged = std::count_if(lines.begin(), lines.end(),
                                      [](const SweepLine& l) { return l.status != "completed"; });
  if (diverged == 0) return "";
  return fmt::format(
      " {} line(s) had seeds that diverged, counted in the legend (k/R seeds diverged): a seed "
      "that diverged stops reporting, so from then on the line is the mean over the seeds still "
      "running.",
      diverged);
}

SweepPanels panels_for(const SweepLayout& layout, const SweepGroup& group) {
  SweepPanels p;
  const auto values = combination_text(layout, group.figure);
  const auto symbol = grid_key_name(layout.line_key);
  const auto sweep_name =
      layout.line_key == "beta" ? std::string("Momentum β sweep") : fmt::format("{} sweep", symbol);
  p.name = sweep_figure_name(layout, group.figure);
  p.title = sweep_name + ": training curves" + (values.empty() ? "" : ", " + values);
  p.heading = sweep_name + (values.empty() ? "" : ", " + values);
  p.line_key = layout.line_key;
  if (layout.line_key != "beta") p.line_name = "value of " + symbol;
  p.loss_label = "training loss";
  p.loss_caption = "Training loss on the whole training set";
  p.what = fmt::format("{} cell(s) of the sweep{}", group.lines.size(),
                       values.empty() ? "" : " with " + values);
  p.note = diverged_note(group.lines);
  return p;
}

}  // namespace

bool is_sweep_dir(const fs::path& dir) {
  return fs::is_regular_file(dir / "sweep.json");
}

std::vector<Figure> sweep_folder_figures(const fs::path& dir, const fs::path& figures_dir) {
  const auto record = read_sweep_record(dir);
  const auto layout = sweep_layout(record);
  auto groups = group_rows(read_rows(dir / "sweep.csv", record, layout), layout.line_key);
  std::vector<Figure> figures;
  for (auto& group : groups) {
    order_lines(group.lines, record, layout.line_key);
    figures.push_back(draw_sweep_panels(group.lines, panels_for(layout, group), figures_dir));
  }
  return figures;
}

}  // namespace biasbound::plots
