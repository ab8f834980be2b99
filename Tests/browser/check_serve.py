#!/usr/bin/env python3
"""End-to-end check of `casebook serve`, as an author uses it.

Starts `casebook serve --port 0` over a temporary copy of a site, listens on its
server-sent-events endpoint, and checks that:

1. editing a case sends a reload event and the page then shows the edit;
2. breaking a case shows the overlay (file:line:column, code, source line, hint) on
   every page, and fixing it sends a reload and the overlay is gone;
3. deleting a case makes its page 404, adding one makes it appear;
4. in Chromium (selenium), an open page reloads by itself after an edit, and a
   stylesheet-only change swaps the stylesheet without reloading the page;
5. Ctrl-C (SIGINT) stops the server with status 0 while a page is still listening.

Run from the repository root after `swift build`:

    python3 Tests/browser/check_serve.py --binary .build/debug/casebook --content content
"""
import argparse
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

FAILURES = []
PASSED = []


def check(name, condition, detail=""):
    (PASSED if condition else FAILURES).append(f"[{name}] {detail}")
    return condition


class Server:
    """A running `casebook serve` and a reader of its event stream."""

    def __init__(self, binary, folder, templates):
        args = [binary, "serve", "--content", os.path.join(folder, "content"), "--port", "0"]
        if templates:
            args += ["--templates", templates]
        self.process = subprocess.Popen(args, cwd=folder, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        self.log = []
        self.port = None
        ready = threading.Event()

        def read_stderr():
            for line in self.process.stderr:
                self.log.append(line.rstrip("\n"))
                match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
                if match and not self.port:
                    self.port = int(match.group(1))
                    ready.set()

        threading.Thread(target=read_stderr, daemon=True).start()
        if not ready.wait(60):
            raise RuntimeError("serve did not start: " + "\n".join(self.log))
        self.base = f"http://127.0.0.1:{self.port}"
        self.events = queue.Queue()
        threading.Thread(target=self._listen, daemon=True).start()
        time.sleep(0.3)

    def _listen(self):
        with urllib.request.urlopen(self.base + "/__casebook/events", timeout=600) as stream:
            event = None
            for raw in stream:
                line = raw.decode("utf-8").rstrip("\n")
                if line.startswith("event: "):
                    event = line[7:]
                elif line == "" and event:
                    self.events.put((event, time.monotonic()))
                    event = None

    def next_event(self, timeout=10):
        try:
            return self.events.get(timeout=timeout)
        except queue.Empty:
            return None

    def drain(self):
        while not self.events.empty():
            self.events.get_nowait()

    def get(self, path):
        try:
            with urllib.request.urlopen(self.base + path, timeout=60) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def stop(self):
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return None


def edit(path, old, new):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if old not in text:
        raise RuntimeError(f"{old!r} not in {path}")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new, 1))


def first_case(content):
    return sorted(n for n in os.listdir(os.path.join(content, "cases")) if n.endswith(".md"))[0]


def check_edits(server, content):
    name = first_case(content)
    case_id = name[:-3]
    path = os.path.join(content, "cases", name)
    with open(path, encoding="utf-8") as f:
        title = re.search(r"^title: (.*)$", f.read(), re.M).group(1)

    server.drain()
    edit(path, "title: " + title, "title: " + title + " (edited)")
    event = server.next_event()
    check("edit", event and event[0] == "reload", f"an edit sends a reload event ({event})")
    status, page = server.get(f"/cases/{case_id}/")
    check("edit", status == 200 and "(edited)" in page, "the page shows the edit")
    check("edit", "/__casebook/events" in page, "the page carries the reload script")

    edit(path, "\ntiers:\n", "\ntiers:\n  industry: Q\n")  # a duplicate key: CB002
    event = server.next_event()
    status, page = server.get("/")
    check("overlay", event and event[0] == "reload" and "casebook-overlay" in page and "CB002" in page,
          "a broken case shows the overlay on every page")
    check("overlay", re.search(r"cases/" + re.escape(name) + r":\d+:\d+", page) is not None, "the overlay gives file:line:column")
    edit(path, "\ntiers:\n  industry: Q\n", "\ntiers:\n")
    event = server.next_event()
    status, page = server.get("/")
    check("overlay", event and event[0] == "reload" and "casebook-overlay" not in page, "fixing the case removes the overlay")

    other = os.path.join(content, "cases", "zz-added-case.md")
    shutil.copy(path, other)
    event = server.next_event()
    status, _ = server.get("/cases/zz-added-case/")
    check("add", event and status == 200, "an added case appears")
    os.remove(other)
    event = server.next_event()
    status, _ = server.get("/cases/zz-added-case/")
    check("delete", event and status == 404, "a deleted case is gone (404)")
    return case_id, path, title


def check_browser(server, case_id, path, title, css):
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(flag)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=shutil.which("chromedriver")), options=options)
    try:
        driver.get(server.base + f"/cases/{case_id}/")
        time.sleep(0.5)  # the page's EventSource connects
        driver.execute_script("window.__notReloaded = true;")
        edit(path, "title: " + title + " (edited)", "title: " + title + " (again)")
        deadline = time.time() + 10
        while time.time() < deadline and driver.execute_script("return window.__notReloaded === true;"):
            time.sleep(0.1)
        reloaded = not driver.execute_script("return window.__notReloaded === true;")
        check("browser", reloaded and "(again)" in driver.find_element("tag name", "h1").text,
              "an open page reloads by itself after an edit and shows it")
        if css:
            time.sleep(0.5)
            driver.execute_script("window.__notReloaded = true;")
            with open(css, "a", encoding="utf-8") as f:
                f.write("\nbody { outline: 0 solid transparent; }\n")
            deadline = time.time() + 10
            swapped = False
            while time.time() < deadline and not swapped:
                swapped = "?v=" in driver.execute_script(
                    "return document.querySelector('link[rel=stylesheet]').getAttribute('href');")
                time.sleep(0.1)
            kept = driver.execute_script("return window.__notReloaded === true;")
            check("browser", swapped and kept, "a stylesheet change swaps the stylesheet without a reload")
    finally:
        driver.quit()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=".build/debug/casebook")
    parser.add_argument("--content", default="content")
    parser.add_argument("--templates", default="templates", help="copied so its stylesheet can be edited")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    folder = tempfile.mkdtemp(prefix="casebook-serve-")
    try:
        shutil.copytree(args.content, os.path.join(folder, "content"))
        css = None
        templates = None
        if os.path.isdir(os.path.join(args.templates, "assets")):
            templates = os.path.join(folder, "templates")
            os.makedirs(os.path.join(templates, "assets"))
            css = os.path.join(templates, "assets", "site.css")
            shutil.copy(os.path.join(args.templates, "assets", "site.css"), css)
        server = Server(binary, folder, templates)
        try:
            case_id, path, title = check_edits(server, os.path.join(folder, "content"))
            if not args.no_browser:
                check_browser(server, case_id, path, title, css)
        finally:
            status = server.stop()
            check("stop", status == 0, f"Ctrl-C stops the server with a listening page open (status {status})")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for line in PASSED:
        print("ok   " + line)
    for line in FAILURES:
        print("FAIL " + line)
    print(f"{len(PASSED)} passed, {len(FAILURES)} failed")
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
