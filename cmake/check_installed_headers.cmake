# The installed headers of an installation in PREFIX (make examples runs this):
#  - none of the internal headers of cmake/biasbound_headers.cmake is installed, nor apps/;
#  - they are closed under their includes: every repo-rooted include ("theory/check.hpp") of a
#    header in PREFIX/include/biasbound names a header installed there, so a public header that
#    includes an internal one fails here.
#   cmake -DPREFIX=/installed/prefix -P cmake/check_installed_headers.cmake
if(NOT PREFIX)
  message(FATAL_ERROR "usage: cmake -DPREFIX=<install prefix> -P ${CMAKE_CURRENT_LIST_FILE}")
endif()
set(_root ${PREFIX}/include/biasbound)
file(GLOB_RECURSE _headers RELATIVE ${_root} ${_root}/*.hpp)
if(NOT _headers)
  message(FATAL_ERROR "no headers installed under ${_root}")
endif()

include(${CMAKE_CURRENT_LIST_DIR}/biasbound_headers.cmake)
set(_problems)
foreach(_header IN LISTS BIASBOUND_INTERNAL_HEADERS)
  if(EXISTS ${_root}/${_header})
    list(APPEND _problems "${_header} is internal but installed")
  endif()
endforeach()
if(EXISTS ${_root}/apps)
  list(APPEND _problems "apps/ is installed: its headers are the command line's, not the library's")
endif()
foreach(_header IN LISTS _headers)
  file(STRINGS ${_root}/${_header} _includes REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
  foreach(_line IN LISTS _includes)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\".*" "\\1" _included "${_line}")
    if(NOT EXISTS ${_root}/${_included})
      list(APPEND _problems "${_header} includes \"${_included}\", which is not installed")
    endif()
  endforeach()
endforeach()

list(LENGTH _headers _count)
if(_problems)
  list(JOIN _problems "\n  " _text)
  message(FATAL_ERROR "the installed headers are not the public set (internal headers are "
                      "listed in cmake/biasbound_headers.cmake):\n  ${_text}")
endif()
message(STATUS "headers: ${_count} installed, no internal one, closed under their includes")
