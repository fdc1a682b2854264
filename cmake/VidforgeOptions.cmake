# Build options. Each one feeds a #cmakedefine01 in cmake/config.h.in or a flag set here.
option(VF_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)

if(VF_SANITIZE)
  set(VF_SAN_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined
                   -fno-omit-frame-pointer)
  add_compile_options(${VF_SAN_FLAGS})
  add_link_options(${VF_SAN_FLAGS})
endif()
