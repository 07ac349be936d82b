# The two commands of README.md, plus a few conveniences.
#   make run   build and start the portal on http://127.0.0.1:8080 with demo data
#   make test  build with sanitizers and run every test (what CI runs)
.PHONY: run test deps build build-asan format clean

JOBS ?= $(shell nproc)

deps:
	@scripts/install-deps

build: deps
	@cmake --preset release -DSCHOOLBIEB_TESTS=OFF >/dev/null
	@cmake --build build/release -j $(JOBS)

build-asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build build/asan -j $(JOBS)

run: build
	@mkdir -p var
	@build/release/schoolbieb --db sqlite:var/schoolbieb.db demo
	@exec build/release/schoolbieb --db sqlite:var/schoolbieb.db serve --listen 127.0.0.1:8080

# Every test runs under AddressSanitizer and UBSan. CTest starts PostgreSQL
# (fixture postgres.start) and stops it by PID (postgres.stop).
test: build-asan
	@ctest --preset asan -j $(JOBS) --timeout 600

format:
	@clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf build
