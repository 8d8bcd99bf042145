#pragma once
// biasbound in one include, as <Eigen/Dense> is for Eigen: the main public header of every
// library module. Link biasbound::biasbound (find_package(biasbound); docs/building.md).
// Everything is in namespace biasbound, one nested namespace per module: biasbound::theory,
// biasbound::estimators, ... A program that needs one module compiles faster with that module's
// headers alone, e.g. <biasbound/theory/check.hpp>.

// core: errors naming the bad input, spec strings, seeded random streams, JSON and CSV output,
// the versioned schema of the JSON files
#include "core/csv_writer.hpp"
#include "core/error.hpp"
#include "core/json_io.hpp"
#include "core/rng.hpp"
#include "core/schema.hpp"
#include "core/spec.hpp"
#include "core/thread_pool.hpp"

// theory: the theorem catalog, the certified check of a step size, the suggested steps
#include "theory/catalog.hpp"
#include "theory/check.hpp"
#include "theory/check_report.hpp"
#include "theory/explain.hpp"
#include "theory/suggested_step.hpp"

// problems: objectives f = (1/n) Σ f_i over n workers, built from spec strings, the registry of
// problem names, and the gradient checker for problems a user writes
#include "problems/block_partition.hpp"
#include "problems/block_view.hpp"
#include "problems/factory.hpp"
#include "problems/gradient_checker.hpp"
#include "problems/problem.hpp"
#include "problems/registry.hpp"

// estimators: gradient-estimator stages, the pipelines they form, the registry of stage names
#include "estimators/measure_summary.hpp"
#include "estimators/pipeline.hpp"
#include "estimators/registry.hpp"
#include "estimators/stage.hpp"
#include "estimators/stage_checker.hpp"

// methods: distributed algorithms over a communicator, the one run loop and its callbacks, and
// measured constants
#include "methods/block_coordinate.hpp"
#include "methods/callbacks/early_stop_at_min_loss.hpp"
#include "methods/callbacks/function_callbacks.hpp"
#include "methods/callbacks/progress_bar.hpp"
#include "methods/callbacks/stop_on_signal.hpp"
#include "methods/callbacks/time_limit.hpp"
#include "methods/callbacks/trace_csv.hpp"
#include "methods/callbacks/virtual_sequence.hpp"
#include "methods/communicator.hpp"
#include "methods/delayed_gd.hpp"
#include "methods/ef_sgd.hpp"
#include "methods/iag.hpp"
#include "methods/in_process_communicator.hpp"
#include "methods/mdsgd.hpp"
#include "methods/measure.hpp"
#include "methods/method.hpp"
#include "methods/run.hpp"
#include "methods/run_loop.hpp"
#include "methods/seed_run.hpp"
#include "methods/server_momentum.hpp"
#include "methods/traces.hpp"

// validators: x* and f*, problem constants (block smoothness too), a theorem's bound against real
// runs, scenarios, and compressors brought to check (bits to reach ε, the trade-off table)
#include "validators/block_smoothness.hpp"
#include "validators/compressor_check.hpp"
#include "validators/compressor_table.hpp"
#include "validators/optimum.hpp"
#include "validators/problem_constants.hpp"
#include "validators/run_comparison.hpp"
#include "validators/scenario.hpp"
#include "validators/theorem_check.hpp"
#include "validators/validation.hpp"
#include "validators/validation_summary.hpp"

// io: the files clients read and write: scenario TOML with --set overrides, the folder of a run,
// sweeps of runs and their tables
#include "io/run_folder.hpp"
#include "io/scenario_file.hpp"
#include "io/sweep.hpp"
#include "io/sweep_file.hpp"
#include "io/sweep_table.hpp"

// plots: figures and the HTML report of a results folder
#include "plots/plot_directory.hpp"
#include "plots/report.hpp"
