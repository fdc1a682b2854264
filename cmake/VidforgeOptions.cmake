# Build options. Each one feeds a #cmakedefine01 in cmake/config.h.in or a flag set here.
option(VF_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)

if(VF_SANITIZE)
  set(VF_SAN_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined
                   -fno-omit-frame-pointer)
  add_compile_options(${VF_SAN_FLAGS})
  add_link_options(${VF_SAN_FLAGS})
endif()

option(VF_FUZZ "Build the libFuzzer targets (needs clang)" OFF)
if(VF_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "VF_FUZZ=ON needs clang: cmake -DCMAKE_C_COMPILER=clang")
  endif()
  # Coverage for every object; the fuzzer's own main is linked into the targets only.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=address,undefined)
  # Fuzzing builds let libpng use data whose checksums do not match, so the
  # fuzzer can reach the cache entry decoder past the CRCs (src/image/png.c).
  add_compile_definitions(VF_FUZZING)
endif()
