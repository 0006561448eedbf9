"""Shared fixtures of the browser tests: a real ``backstride serve`` on loopback, headless Debian
chromium through Playwright, axe-core from npm, and screenshots kept as test artifacts.

Locally the tests skip (with the reason) when chromium or axe-core is missing; in CI (``CI=true``)
they fail instead, so a broken setup can never pass silently.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("BACKSTRIDE_CHROMIUM", "/usr/bin/chromium"))
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO_ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
AXE_REPORTS = ARTIFACTS / "axe"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
BLOCKING_IMPACTS = ("serious", "critical")


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(condition: bool, reason: str) -> None:
    """Skip locally, fail in CI, when something the browser tests need is missing."""
    if condition:
        return
    if _in_ci():
        pytest.fail(f"{reason} (CI=true: browser tests must not skip)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """``backstride serve`` in a subprocess on 127.0.0.1 with its own SQLite file."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = db_path.with_suffix(".log")
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Server:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        command = [
            sys.executable, "-m", "backstride", "serve",
            "--db", f"sqlite:///{self.db_path}",
            "--port", str(self.port),
            "--no-browser",
        ]  # fmt: skip
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(command, stdout=self._log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"backstride serve exited early:\n{self.log_path.read_text()}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"backstride serve did not answer in 60 s:\n{self.log_path.read_text()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if getattr(self, "_log", None) is not None:
            self._log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    require(CHROMIUM.exists(), f"chromium not found at {CHROMIUM}; install it with apt-get install chromium")
    srv = Server(tmp_path_factory.mktemp("browser-db") / "backstride.sqlite3").start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require(CHROMIUM.exists(), f"chromium not found at {CHROMIUM}; install it with apt-get install chromium")
    require(AXE_JS.exists(), f"axe-core not found at {AXE_JS}; run npm ci in the repository root")
    try:
        from playwright import sync_api
    except ImportError:
        require(False, "the playwright Python package is not installed (pip install -e '.[dev]')")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


def new_page(browser: Any, *, javascript: bool = True) -> Any:
    """A fresh context (own cookies and storage) and page, 1000 px wide like a laptop window."""
    context = browser.new_context(viewport={"width": 1000, "height": 900}, java_script_enabled=javascript)
    context.set_default_timeout(30_000)
    return context.new_page()


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _javascript_page(page: Any) -> Any:
    """``page`` itself when its JavaScript runs, else a JS-enabled copy of the same document.

    axe-core needs JavaScript (timers, promises). For a page opened with JavaScript off, the exact
    HTML is served again at the same URL into a new JS-enabled page (its CSS still comes from the
    server), so axe sees what the no-JS person saw.
    """
    if page.evaluate("() => document.documentElement.classList.contains('js')"):
        return page
    html = page.content()
    browser = page.context.browser
    copy = new_page(browser, javascript=True)
    url = page.url
    copy.route(url, lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    copy.goto(url)
    return copy


def axe_violations(page: Any, name: str) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2 A/AA and best-practice rules) in the page; keep the report as an artifact."""
    target = _javascript_page(page)
    target.add_script_tag(path=str(AXE_JS))
    results = target.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary}))}));
        }"""
    )
    if target is not page:
        target.context.close()
    AXE_REPORTS.mkdir(parents=True, exist_ok=True)
    (AXE_REPORTS / f"{name}.json").write_text(json.dumps(results, indent=2))
    return list(results)


def check_page(page: Any, name: str) -> list[dict[str, Any]]:
    """Screenshot the page, run axe, and fail on any serious or critical violation.

    Returns the remaining (minor or moderate) violations so a test can look at them.
    """
    screenshot(page, name)
    violations = axe_violations(page, name)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    report = json.dumps(blocking, indent=2)
    assert not blocking, f"{name}: serious/critical accessibility violations:\n{report}"
    return violations


__all__ = [
    "AXE_JS",
    "CHROMIUM",
    "SCREENSHOTS",
    "Server",
    "axe_violations",
    "browser",
    "check_page",
    "new_page",
    "require",
    "screenshot",
    "server",
]
