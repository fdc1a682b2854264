# Every dependency is a Debian 12 package found through pkg-config.
find_package(PkgConfig REQUIRED)
pkg_check_modules(AV REQUIRED IMPORTED_TARGET
  libavformat libavcodec libavutil libavfilter libswscale libswresample)
pkg_check_modules(TEXT REQUIRED IMPORTED_TARGET freetype2 harfbuzz fribidi fontconfig)
pkg_check_modules(CJSON REQUIRED IMPORTED_TARGET libcjson)
pkg_check_modules(PNG REQUIRED IMPORTED_TARGET libpng)
# Animated WebP decoding (WebPAnimDecoder): FFmpeg before 7.1 cannot.
pkg_check_modules(WEBP REQUIRED IMPORTED_TARGET libwebpdemux)
pkg_check_modules(NVENC IMPORTED_TARGET ffnvcodec)
# Line breaking (UAX #14 with dictionaries), ASS rendering, EBU R128
# loudness, HTTP/S3 with SigV4 signing.
pkg_check_modules(ICU REQUIRED IMPORTED_TARGET icu-uc)
pkg_check_modules(ASS REQUIRED IMPORTED_TARGET libass)
pkg_check_modules(EBUR128 REQUIRED IMPORTED_TARGET libebur128)
pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl)
# HMAC-SHA256 of webhook bodies (X-Vidforge-Signature).
pkg_check_modules(CRYPTO REQUIRED IMPORTED_TARGET libcrypto)
find_library(MATH_LIB m)

if(NVENC_FOUND)
  set(VF_HAVE_NVENC_HEADERS 1)
else()
  set(VF_HAVE_NVENC_HEADERS 0)
endif()
