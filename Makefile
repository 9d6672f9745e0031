# Two commands do all the set-up on a fresh Debian machine (as root):
#   make run    set up, then process samples/ into minutes.db and print the decisions
#   make test   set up, then run the tests
# Both are safe to repeat: apt runs only for missing packages, pip only when pyproject.toml changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= sqlite:///minutes.db

APT_PACKAGES := tesseract-ocr tesseract-ocr-fin tesseract-ocr-swe tesseract-ocr-eng \
	libvoikko1 voikko-fi poppler-utils fonts-dejavu-core fonts-liberation \
	postgresql chromium manpages-fi aptitude-doc-fi groff-base

.PHONY: setup system-packages run test lint review bench bench-accuracy bench-accuracy-ocr bench-accuracy-tuning bench-segment bench-segment-tuning bench-segment-ocr bench-store \
	bench-review bench-rules rules-check samples clean

setup: system-packages $(VENV)/.installed

# apt-get only when a package is missing; sudo only when not root
system-packages:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages: $$missing"; \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $@

run: setup
	$(BIN)/minutes run samples/ --db $(DB)
	$(BIN)/minutes export --db $(DB) --format table

test: setup
	$(BIN)/ruff check pipeline tests samples bench
	$(BIN)/python -m pytest -q
	$(BIN)/minutes rules check
	$(BIN)/minutes rules test

# what a maintainer runs after editing corrections/ (also part of make test)
rules-check: setup
	$(BIN)/minutes rules check
	$(BIN)/minutes rules test

lint: setup
	$(BIN)/ruff check pipeline tests samples bench
	$(BIN)/ruff format --check pipeline tests samples bench

# static HTML report of what the pipeline changed, for sign-off (open review/index.html)
review: setup
	$(BIN)/minutes review --db $(DB) -o review

# batch throughput and memory: minutes run vs bare Tesseract and OCRmyPDF; ~5 min on 2 idle cores
BENCH_ARGS ?=
bench: setup
	$(BIN)/python -m bench.batch $(BENCH_ARGS)

bench-accuracy: setup
	$(BIN)/python -m bench.accuracy

# remake the cached OCR pages of bench-accuracy with real Tesseract (a few minutes)
bench-accuracy-ocr: setup
	$(BIN)/python -m bench.make_ocr_sets
	$(BIN)/python -m bench.make_ocr_sets --rescan
	$(BIN)/python -m bench.make_ocr_sets --dev
	$(BIN)/python -m bench.make_ocr_sets --sections
	$(BIN)/python -m bench.make_ocr_sets --wide

# the tuning half with every remaining miss (the held-out half is never printed in detail)
bench-accuracy-tuning: setup
	$(BIN)/python -m bench.accuracy --tuning --details

bench-rules: setup
	$(BIN)/python -m bench.rules

bench-store: setup
	$(BIN)/python -m bench.store

bench-review: setup
	$(BIN)/python -m bench.review

bench-segment: setup
	$(BIN)/python -m bench.segment

# the segmenter's tuning documents, scored like the benchmark (tuning data, not a benchmark)
bench-segment-tuning: setup
	$(BIN)/python -m bench.segment --data tests/data/segment

# remake the cached OCR inputs of bench-segment and of the tuning documents (a few minutes on 2 cores)
bench-segment-ocr: setup
	$(BIN)/python -m bench.segment_ocr --force
	$(BIN)/python -m bench.segment_ocr --force tests/data/segment
	for seed in 2 3 4 5 6 7; do $(BIN)/python -m bench.segment_ocr --force --seed $$seed tests/data/segment; done
	for seed in 1 2 3 4; do $(BIN)/python -m bench.segment_ocr --force --seed $$seed --style serif tests/data/segment; done
	for seed in 1 2 3 4 5 6; do $(BIN)/python -m bench.segment_ocr --force --seed $$seed --style harsh tests/data/segment; done

# regenerate the sample scans (deterministic)
samples: setup
	$(BIN)/python samples/make_samples.py

clean:
	rm -rf $(VENV) minutes.db minutes.db-wal minutes.db-shm .pytest_cache .ruff_cache review
