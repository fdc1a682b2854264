# Front door: `make run` and `make test` work on a fresh Debian 12 machine.
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 20
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build run test test-fast test-asan fuzz bench clean

all: build

deps:
	./scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD) -j $(JOBS)

run: build
	mkdir -p out
	./$(BUILD)/vidforge render templates/social-post.json -o out/social-post.mp4 -y

# The whole suite: the release build, the same tests under ASan+UBSan, and a
# bounded fuzzing run of every parser (JOBS targets at a time, each for its
# full FUZZ_SECONDS).
test: test-fast test-asan fuzz

test-fast: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

test-asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DVF_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS)

fuzz: deps
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DVF_FUZZ=ON -DBUILD_TESTING=OFF
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_template fuzz_rows fuzz_text fuzz_cache \
		fuzz_vtt fuzz_srt fuzz_words
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitizer/lsan.supp ./tests/fuzz/run.sh $(FUZZ_BUILD) . $(FUZZ_SECONDS) $(JOBS)

# The benchmark against the ffmpeg CLI (docs/performance.md); exits 1 when a
# target is missed. Not part of `make test`: timings are never tested.
bench: build
	scripts/bench.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) out
