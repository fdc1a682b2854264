#!/bin/sh
# Installs the Debian 12 packages vidforge needs to build and test.
# Idempotent: asks apt-get only for packages that are not installed yet.
set -eu

PACKAGES="build-essential cmake pkg-config
libavformat-dev libavcodec-dev libavutil-dev libavfilter-dev libswscale-dev libswresample-dev
libfreetype-dev libharfbuzz-dev libfribidi-dev libfontconfig-dev libcjson-dev libpng-dev libwebp-dev
libffmpeg-nvenc-dev libicu-dev libass-dev libebur128-dev libcurl4-openssl-dev libssl-dev
ffmpeg libharfbuzz-bin python3-botocore clang libclang-rt-14-dev valgrind python3
fonts-noto-core fonts-noto-color-emoji fonts-dejavu-core fonts-droid-fallback"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if ! command -v npm >/dev/null 2>&1; then
    missing="$missing nodejs npm"
fi

if [ -n "$missing" ]; then
    echo "install-deps: installing:$missing" >&2
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        SUDO="sudo"
    fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# The independent JSON Schema validator the tests compare vidforge with.
ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -x "$ROOT/.deps/node_modules/.bin/ajv" ]; then
    echo "install-deps: installing ajv-cli into .deps/" >&2
    npm install --prefix "$ROOT/.deps" --no-audit --no-fund --silent ajv-cli@5.0.0 >&2
fi

# The S3-compatible server the storage tests start on 127.0.0.1.
if [ ! -x "$ROOT/.deps/node_modules/.bin/s3rver" ]; then
    echo "install-deps: installing s3rver into .deps/" >&2
    npm install --prefix "$ROOT/.deps" --no-audit --no-fund --silent s3rver@3.7.1 >&2
fi
