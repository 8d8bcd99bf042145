#pragma once
// A subcommand of the `biasbound` command line: its CLI11 parser and what runs it.

#include <CLI/CLI.hpp>
#include <functional>

namespace biasbound::apps {

struct Command {
  CLI::App* parser;
  std::function<int()> run;  // called after parsing; returns the exit code
};

}  // namespace biasbound::apps
