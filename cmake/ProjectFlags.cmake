# Project-wide compile flags, carried by the INTERFACE target qh_flags that every target links.
add_library(qh_flags INTERFACE)
target_compile_features(qh_flags INTERFACE cxx_std_20)
target_compile_definitions(qh_flags INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    QH_VERSION="${PROJECT_VERSION}")
# Designated initialisers that leave members at their defaults are intended, hence
# -Wno-missing-field-initializers.
target_compile_options(qh_flags INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
    -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wno-missing-field-initializers)
if(QH_WARNINGS_AS_ERRORS)
    target_compile_options(qh_flags INTERFACE -Werror)
endif()

# qh_add_tests(NAME LABEL [SERIAL] SOURCES...): one Catch2 executable, every case registered with
# ctest. SERIAL: its cases run with no other test beside them (real-time audio needs the cores).
# A case whose name ctest cannot pass whole (a ';' in it) matches nothing and fails (NoTests)
# instead of passing with nothing run.
function(qh_add_tests name label)
    cmake_parse_arguments(PARSE_ARGV 2 arg "SERIAL" "" "")
    add_executable(${name} ${arg_UNPARSED_ARGUMENTS})
    target_link_libraries(${name} PRIVATE Catch2::Catch2WithMain qh_flags)
    set(serial FALSE)
    if(arg_SERIAL)
        set(serial TRUE)
    endif()
    catch_discover_tests(${name} EXTRA_ARGS --warn NoTests
        PROPERTIES LABELS ${label} RUN_SERIAL ${serial}
        ENVIRONMENT "QH_SOURCE_DIR=${PROJECT_SOURCE_DIR};QH_BIN_DIR=${CMAKE_RUNTIME_OUTPUT_DIRECTORY}")
endfunction()
