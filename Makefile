# The two commands of README.md, plus a few conveniences.
#   make run   build and start the portal on http://127.0.0.1:8080 with demo data
#   make test  build with sanitizers and run every test (what CI runs)
.PHONY: run test bench soak deps build build-asan build-fuzz fuzz format clean

JOBS ?= $(shell nproc)

deps:
	@scripts/install-deps

build: deps
	@cmake --preset release -DSCHOOLBIEB_TESTS=OFF >/dev/null
	@cmake --build build/release -j $(JOBS)

build-asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build build/asan -j $(JOBS)

build-fuzz: deps
	@cmake --preset fuzz >/dev/null
	@cmake --build build/fuzz -j $(JOBS)

# Each reader's libFuzzer target for FUZZ_SECONDS (default 20) on its seeds.
fuzz: build-fuzz
	@ctest --preset fuzz -j $(JOBS)

run: build
	@mkdir -p var
	@build/release/schoolbieb --db sqlite:var/schoolbieb.db demo
	@exec build/release/schoolbieb --db sqlite:var/schoolbieb.db serve --listen 127.0.0.1:8080

# The fuzzers run first (a short, fixed time each), then every test under
# AddressSanitizer and UBSan; its summary is the last thing printed. CTest
# starts PostgreSQL (fixture postgres.start) and stops it by PID (postgres.stop).
test: build-asan fuzz
	@ctest --preset asan -j $(JOBS) --timeout 600

# Not part of `make test`: reads the synthetic files with schoolbieb and the
# peers (openpyxl, pandas, SheetJS, xlrd; cat/unzip as floors), side by side;
# then the micro-benchmarks of the hot paths (Google Benchmark, installed by
# --bench before the build so that bench_micro is built), the scaling from
# 1,000 to 1,000,000 rows, the imports, one school's import as its library
# grows to 1,000,000 students, a region of 3,000 schools through the API
# (bench/region.py, the longest part) and the portal.
bench:
	@scripts/install-deps --bench
	@$(MAKE) --no-print-directory build
	@bench/run.py build/release build/bench-files
	@build/release/bench/bench_micro --benchmark_min_time=0.5
	@bench/scaling.py build/release build/bench-files
	@bench/import.py build/release build/bench-files
	@bench/growth.py build/release
	@/usr/bin/python3 bench/region.py build/release/schoolbieb
	@bench/portal.py build/release

# Not part of `make test`: the engine's property test over 3,000 random
# steps on both databases, then fifteen minutes of mixed load on the
# release build (teachers uploading, staff importing, page views); fails on
# any broken invariant, server error, growing memory or an inconsistent
# database afterwards.
soak: build
	@cmake --preset release -DSCHOOLBIEB_TESTS=ON >/dev/null
	@cmake --build build/release -j $(JOBS) --target import_tests
	@SCHOOLBIEB_PROPERTY_STEPS=3000 ctest --preset release -R "postgres|PropertyTest"
	@/usr/bin/python3 tests/load/soak.py build/release/schoolbieb --minutes 15 --check-memory

format:
	@clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf build
