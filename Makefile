# The two commands of the README are `make serve` and `make test`; both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SITE_DIR ?= site
SERVE_ADDR ?= 127.0.0.1:8000
# PyTorch's CPU wheels: on Linux, PyPI's torch brings several GB of CUDA libraries.
# src/optguide/build/torch_index.py adds this index only on Linux, only when the pinned CPU build is not
# on disk already (a pip find-links folder), and only if it answers (offline set-up goes on).
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu

export NO_MKDOCS_2_WARNING := 1
export SOURCE_DATE_EPOCH ?= 1767225600

.PHONY: setup serve build test style lint screenshots benchmark fingerprints constraints clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt \
	  $$($(BIN)/python src/optguide/build/torch_index.py $(TORCH_INDEX)) -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

serve: setup
	$(BIN)/mkdocs serve --dev-addr $(SERVE_ADDR)

build: setup
	$(BIN)/mkdocs build --strict --site-dir $(SITE_DIR)

style: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

lint: style
	$(BIN)/mypy

# mypy runs inside pytest (tests/test_types.py), next to the other tests.
test: style
	$(BIN)/pytest -n 2 --dist loadfile --no-loadscope-reorder --durations=10

screenshots: build
	$(BIN)/python tests/browser/screenshots.py --site $(SITE_DIR) --out screenshots

# The SHA-256 of every figure and notebook of a fresh build, committed; tests compare.
# ADD=1 keeps the digests listed, for a build on another kind of machine (tests/fingerprints.py).
fingerprints: build
	$(BIN)/python tests/fingerprints.py $(SITE_DIR) $(if $(ADD),--add)

benchmark: setup
	$(BIN)/python benchmarks/build.py

# Re-pin the whole stack after changing pyproject.toml: keep the header, drop torch's +cpu tag.
constraints: setup
	grep '^#' constraints.txt > constraints.new
	$(BIN)/python -m pip freeze --exclude-editable | sed 's/^torch==\(.*\)+cpu$$/torch==\1/' >> constraints.new
	mv constraints.new constraints.txt

clean:
	rm -rf $(SITE_DIR) .cache screenshots build-figures
