#!/bin/sh
# Installs the Debian 12 packages vidforge needs to build and test.
# Idempotent: asks apt-get only for packages that are not installed yet.
set -eu

PACKAGES="build-essential cmake pkg-config
libavformat-dev libavcodec-dev libavutil-dev libavfilter-dev libswscale-dev libswresample-dev
libfreetype-dev libharfbuzz-dev libfribidi-dev libfontconfig-dev libcjson-dev libpng-dev libwebp-dev
libffmpeg-nvenc-dev libicu-dev libass-dev libebur128-dev libcurl4-openssl-dev libssl-dev
ffmpeg libharfbuzz-bin python3-botocore clang libclang-rt-14-dev valgrind python3 time bc
fonts-noto-core fonts-noto-color-emoji fonts-dejavu-core fonts-droid-fallback"

missing=""
# one dpkg-query for all (one process per package took seconds)
# shellcheck disable=SC2086
installed="
$(dpkg-query -W -f='${Package} ${Status}\n' $PACKAGES 2>/dev/null || true)
"
for p in $PACKAGES; do
    case "$installed" in
        *"
$p install ok installed
"*) ;;
        *) missing="$missing $p" ;;
    esac
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
    APT_FAST=""
    if [ -n "${VIDFORGE_CI:-}" ]; then
        # a throwaway CI machine: dpkg skips its fsync per file, and man-db
        # does not rebuild its index after the install (tens of seconds each)
        APT_FAST="-o Dpkg::Options::=--force-unsafe-io"
        echo "man-db man-db/auto-update boolean false" | $SUDO debconf-set-selections 2>/dev/null || true
        $SUDO rm -f /var/lib/man-db/auto-update
    fi
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -qq --no-install-recommends $APT_FAST $missing
fi

# The independent JSON Schema validator the tests compare vidforge with, and
# the S3-compatible server the storage tests start on 127.0.0.1: one npm run
# for both (npm's start and dependency resolution paid once).
ROOT=$(cd "$(dirname "$0")/.." && pwd)
npm_missing=""
[ -x "$ROOT/.deps/node_modules/.bin/ajv" ] || npm_missing="$npm_missing ajv-cli@5.0.0"
[ -x "$ROOT/.deps/node_modules/.bin/s3rver" ] || npm_missing="$npm_missing s3rver@3.7.1"
if [ -n "$npm_missing" ]; then
    echo "install-deps: installing$npm_missing into .deps/" >&2
    # shellcheck disable=SC2086
    npm install --prefix "$ROOT/.deps" --no-audit --no-fund --silent $npm_missing >&2
fi
