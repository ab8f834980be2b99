# The README's two commands: `make site` and `make test`. Each installs what it needs.
SHELL := /bin/bash
SWIFT ?= swift

.PHONY: site test deps check

# Debian's libcmark-dev, the one system library casebook links.
deps:
	@if ! pkg-config --exists libcmark 2>/dev/null && [ ! -f /usr/include/cmark.h ]; then \
		echo "Installing libcmark-dev…"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libcmark-dev pkg-config >/dev/null; \
	fi

# Builds the shipped showcase: content/ and templates/ into site/.
site: deps
	$(SWIFT) build -c release --product casebook
	.build/release/casebook build

# The whole test suite.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	.build/debug/casebook check
