.PHONY: setup dev demo test lint bench

setup:
	scripts/setup.sh

dev:
	scripts/setup.sh dev

# Install, then run the main job on the bundled corpus.
demo: setup
	.venv/bin/aligner run corpora/cmia-19/en.txt corpora/cmia-19/zh.txt -o out/cmia-19 --force

# Debian's chromium, for the test that opens the HTML report in a real headless browser.
.PHONY: browser
browser:
	command -v chromium || (apt-get update -qq && apt-get install -y -qq chromium)

# Install the dev dependencies, then run the linters and the test suite.
test: dev browser
	.venv/bin/ruff check src tests scripts
	.venv/bin/mypy
	.venv/bin/python -m pytest

lint:
	.venv/bin/ruff check src tests scripts
	.venv/bin/mypy
