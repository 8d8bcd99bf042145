#include "plots/gnuplot.hpp"

#include <fmt/format.h>

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace biasbound::plots {
namespace fs = std::filesystem;
namespace {

/// Single-quoted for /bin/sh.
std::string shell_word(const std::string& word) {
  std::string quoted = "'";
  for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// gnuplot's last message says what failed ("line 30: all points y value undefined!"); the lines
// before it echo the script. One line keeps the error one line.
std::string last_line(const std::string& log) {
  std::string last;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    const auto begin = line.find_first_not_of(" \t^");
    if (begin != std::string::npos) last = line.substr(begin);
  }
  return last.empty() ? "no message" : last;
}

// Style set once; the loop draws the same body to both terminals, so the PNG is exactly the SVG
// scaled (fonts, lines and points doubled).
std::string script_text(const Script& s) {
  return fmt::format(
      "# {name}: {title}\n"
      "# Written by `biasbound plot`; re-run in this folder with `gnuplot {name}.gp`.\n"
      "# Reads {name}.csv; writes {name}.svg and {name}.png (twice the size, for slides).\n"
      "set encoding utf8\n"
      "set datafile separator comma\n"
      "pick(s, c) = strcol(1) eq s ? column(c) : NaN\n"
      "set grid back lc rgb '#dddddd' lw 1 dt 1\n"
      "set border 3 back lc rgb '#444444'\n"
      "set tics nomirror out scale 0.6\n"
      "set key below center horizontal noautotitle samplen 2.5 spacing 1.15 nobox\n"
      "do for [format in \"svg png\"] {{\n"
      "  if (format eq \"svg\") {{\n"
      "    set terminal svg size {w},{h} dynamic enhanced font 'DejaVu Sans,14' background "
      "'#ffffff'\n"
      "  }} else {{\n"
      "    set terminal pngcairo size {w2},{h2} enhanced font 'DejaVu Sans,28' linewidth 2 "
      "pointscale 2 background '#ffffff'\n"
      "  }}\n"
      "  set output '{name}.'.format\n"
      "{body}"
      "  unset output\n"
      "}}\n",
      fmt::arg("name", s.name), fmt::arg("title", s.title), fmt::arg("w", s.width),
      fmt::arg("h", s.height), fmt::arg("w2", 2 * s.width), fmt::arg("h2", 2 * s.height),
      fmt::arg("body", s.body));
}

void run_gnuplot(const fs::path& dir, const std::string& name) {
  const auto log = dir / (name + ".log");  // the shell opens it after the cd
  const auto command = fmt::format("cd {} && gnuplot {} 2>{} </dev/null", shell_word(dir.string()),
                                   shell_word(name + ".gp"), shell_word(name + ".log"));
  const int status = std::system(command.c_str());
  const int code = status == -1 ? -1 : WEXITSTATUS(status);
  if (code == 127)
    throw core::InputError("gnuplot not found: install the Debian package gnuplot-nox");
  if (status != 0)
    throw core::input_error("gnuplot could not draw {}: {} (its data and log are kept there)",
                            (dir / (name + ".gp")).string(), last_line(read_all(log)));
  std::error_code ignored;
  fs::remove(log, ignored);
}

}  // namespace

std::string literal(std::string_view text) {
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '\\' || c == '"') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

Figure draw(const fs::path& figures_dir, const Script& script) {
  Figure figure{script.name,
                script.title,
                script.caption,
                figures_dir / (script.name + ".csv"),
                figures_dir / (script.name + ".gp"),
                figures_dir / (script.name + ".svg"),
                figures_dir / (script.name + ".png")};
  {
    std::ofstream out(figure.gp);
    out << script_text(script);
    if (!out) throw core::input_error("cannot write {}", figure.gp.string());
  }
  run_gnuplot(figures_dir, script.name);
  return figure;
}

}  // namespace biasbound::plots
