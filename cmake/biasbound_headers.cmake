# The public headers: what `cmake --install` puts under include/biasbound/<module>/. Every header
# of the eight library modules is public except the internal ones listed below; apps/ is the
# command line, not a library, so none of its headers is installed.
#
# Internal headers are implementation details: included only by the library's own .cpp files
# (and by the tests, which build against the source tree), never by a public header. Installed
# headers keep their repo-rooted includes ("theory/check.hpp"), so the public set must be closed
# under includes; scripts/examples.sh (make test) checks the installed tree with
# cmake/check_installed_headers.cmake. To make an internal header public, delete its line here.
set(BIASBOUND_INTERNAL_HEADERS
  # theory: the catalog's parts, one function per method family (catalog.hpp is the interface)
  theory/catalog_entries.hpp
  # theory: one step of check(); its result is CheckResult::vacuous (check.hpp)
  theory/vacuity.hpp
  # problems: the built-in problems' makers, which the registry starts with (registry.hpp)
  problems/builtin_problems.hpp
  # methods: how every method's worker task begins
  methods/worker_start.hpp
  # validators: steps of validate() (validation.hpp): input and memory checks, the message when
  # nothing ran, the seed files and the CSV files of a validation
  validators/constant_domains.hpp
  validators/resource_limits.hpp
  validators/not_admissible.hpp
  validators/seed_runs.hpp
  validators/seed_store.hpp
  validators/validation_files.hpp
  # io: a scenario from a parsed TOML document, for files that hold one (scenario_file.hpp)
  io/scenario_table.hpp
  # plots: the drawing behind plot_directory() and write_report() (plot_directory.hpp,
  # report.hpp): one file per figure family, gnuplot scripts, CSV tables read back, HTML text
  plots/figure_bound.hpp
  plots/figure_frontier.hpp
  plots/figure_region.hpp
  plots/figure_sweep.hpp
  plots/gnuplot.hpp
  plots/html.hpp
  plots/table.hpp)

set(BIASBOUND_LIBRARY_MODULES core theory problems estimators methods validators io plots)
if(CMAKE_SCRIPT_MODE_FILE)  # read by cmake/check_installed_headers.cmake for the lists alone
  return()
endif()

# BIASBOUND_PUBLIC_HEADERS_<module>: the module's headers (subfolders such as methods/callbacks/
# included) minus the internal ones, relative to the source root.
foreach(_module IN LISTS BIASBOUND_LIBRARY_MODULES)
  file(GLOB_RECURSE _headers CONFIGURE_DEPENDS RELATIVE ${PROJECT_SOURCE_DIR}
       ${PROJECT_SOURCE_DIR}/${_module}/*.hpp)
  list(REMOVE_ITEM _headers ${BIASBOUND_INTERNAL_HEADERS})
  set(BIASBOUND_PUBLIC_HEADERS_${_module} ${_headers})
endforeach()
foreach(_header IN LISTS BIASBOUND_INTERNAL_HEADERS)
  if(NOT EXISTS ${PROJECT_SOURCE_DIR}/${_header})
    message(FATAL_ERROR "cmake/biasbound_headers.cmake lists ${_header} as internal, but there is "
                        "no such header: remove it from the list")
  endif()
endforeach()
