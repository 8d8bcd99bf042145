# `cmake --install BUILD [--prefix P]` (docs/building.md, "Installing and using biasbound from
# CMake"):
#   P/include/biasbound/<module>/*.hpp    the public headers (cmake/biasbound_headers.cmake)
#   P/include/biasbound/biasbound.hpp     the umbrella header, every module at once
#   P/lib/libbiasbound_*.a                the eight libraries
#   P/bin/biasbound                       the command line
#   P/lib/cmake/biasbound/                biasboundConfig.cmake, its version file and the
#                                         biasbound:: targets
# Consumers get the usage requirements (include paths, C++20, the third-party libraries), never
# this project's compile flags: those are linked as $<BUILD_INTERFACE:biasbound_options>.
include(CMakePackageConfigHelpers)
include(${CMAKE_CURRENT_LIST_DIR}/biasbound_headers.cmake)

set(_config_dir ${CMAKE_INSTALL_LIBDIR}/cmake/biasbound)

# biasbound::core, biasbound::theory, ... and biasbound::biasbound, every library at once. The
# aliases give the build tree the names the installed package has.
add_library(biasbound_library INTERFACE)
set_target_properties(biasbound_library PROPERTIES EXPORT_NAME biasbound)
add_library(biasbound::biasbound ALIAS biasbound_library)
set(_libraries)
foreach(_module IN LISTS BIASBOUND_LIBRARY_MODULES)
  set_target_properties(biasbound_${_module} PROPERTIES EXPORT_NAME ${_module})
  add_library(biasbound::${_module} ALIAS biasbound_${_module})
  target_link_libraries(biasbound_library INTERFACE biasbound_${_module})
  list(APPEND _libraries biasbound_${_module})
  foreach(_header IN LISTS BIASBOUND_PUBLIC_HEADERS_${_module})
    get_filename_component(_folder ${_header} DIRECTORY)
    install(FILES ${PROJECT_SOURCE_DIR}/${_header}
            DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/biasbound/${_folder})
  endforeach()
endforeach()
install(FILES ${PROJECT_SOURCE_DIR}/include/biasbound/biasbound.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/biasbound)

install(TARGETS ${_libraries} biasbound_library EXPORT biasboundTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS biasbound RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(EXPORT biasboundTargets NAMESPACE biasbound:: DESTINATION ${_config_dir})

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/biasboundConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/biasboundConfig.cmake
                              INSTALL_DESTINATION ${_config_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/biasboundConfigVersion.cmake
                                 COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/biasboundConfig.cmake
              ${PROJECT_BINARY_DIR}/biasboundConfigVersion.cmake
        DESTINATION ${_config_dir})
