"""The HTML page in a real headless chromium (Debian's `chromium`; `.ci/run` installs it).

What is verified, through the DevTools protocol (see report_browser.py):
- the page loads with no console message, no uncaught exception and no browser
  log entry (a blocked or failed load, a CSP violation), and the only request
  it makes is for the file itself;
- a screenshot is a real PNG of the viewport with content in it;
- on a 390 px phone the page does not scroll sideways; dark mode changes the
  colours; in print, folded goals are printed and a PDF comes out;
- in a `--site`, the index and the previous / next links lead to pages that load.
A control page with a script error and an external image proves the harness
sees what it is meant to catch.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from gitrepo import GitRepo
from report_browser import Browser, find_chromium
from report_story import write_large

from vindaris.cli.main import cli

pytestmark = pytest.mark.browser

CHROMIUM = find_chromium()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if CHROMIUM is None:
        pytest.skip("no chromium installed (Debian: apt-get install chromium; .ci/run installs it)")
    with Browser(CHROMIUM) as b:
        yield b


def write(root: Path, out: Path, *args: str) -> Path:
    result = CliRunner().invoke(cli, ["report", "-C", str(root), *args])
    assert result.exit_code == 0, result.output
    return out


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_harness_sees_errors_and_requests(browser: Browser, tmp_path: Path) -> None:
    control = tmp_path / "control.html"
    control.write_text('<!DOCTYPE html><title>x</title><img src="http://example.invalid/x.png">'
                       '<script>console.error("boom")</script>', encoding="utf-8")
    tab = browser.open(control.as_uri())
    assert "http://example.invalid/x.png" in tab.requests()
    assert any(e.get("type") == "error" for e in tab.console())


def test_the_page_loads_cleanly_and_is_screenshotted(browser: Browser, story: GitRepo, tmp_path: Path) -> None:
    page = write(story.path, tmp_path / "week.html", "--week", "2026-W47", "-o", str(tmp_path / "week.html"))
    tab = browser.open(page.as_uri(), width=1280, height=900)
    assert tab.console() == []
    assert tab.requests() == [page.as_uri()]
    assert tab.evaluate("document.title") == "Example Co: week 2026-W47"
    assert tab.evaluate("document.querySelectorAll('details.goal[open]').length") == 5
    shot = tab.screenshot(tmp_path / "week.png")
    assert png_size(shot) == (1280, 900)
    assert len(shot) > 30_000  # a blank or nearly blank page compresses to a few kB

    phone = browser.open(page.as_uri(), width=390, height=844, mobile=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.console() == []

    light = tab.evaluate("getComputedStyle(document.body).backgroundColor")
    dark = browser.open(page.as_uri(), dark=True).evaluate("getComputedStyle(document.body).backgroundColor")
    assert (light, dark) == ("rgb(255, 255, 255)", "rgb(13, 17, 23)")


def test_print_shows_folded_goals(browser: Browser, tmp_path: Path) -> None:
    root = write_large(tmp_path / "big", goals=40)
    page = write(root, tmp_path / "big.html", "--week", "2026-W47", "-o", str(tmp_path / "big.html"))
    tab = browser.open(page.as_uri())
    folded = "document.querySelector('details.goal:not([open]) table').checkVisibility()"
    assert tab.evaluate(folded) is False
    tab.media("print")
    assert tab.evaluate(folded) is True
    assert tab.pdf()[:5] == b"%PDF-"
    assert tab.console() == []


def test_site_links_lead_to_pages_that_load(browser: Browser, story: GitRepo, tmp_path: Path) -> None:
    site = write(story.path, tmp_path / "site", "--site", str(tmp_path / "site"), "--week", "2026-W47")
    index = browser.open((site / "index.html").as_uri())
    first = index.evaluate("document.querySelector('a[href$=\"2026-W46.html\"]').href")
    week = browser.open(first)
    assert week.evaluate("document.querySelector('h1').textContent") == "Example Co: week 2026-W46"
    following = week.evaluate("document.querySelector('a[rel=next]').href")
    assert following.endswith("/2026-W47.html")
    last = browser.open(following)
    assert last.evaluate("document.querySelector('a[rel=next]')") is None
    assert last.evaluate("document.querySelector('a[rel=prev]').href").endswith("/2026-W46.html")
    for tab in (index, week, last):
        assert tab.console() == [] and all(url.startswith("file://") for url in tab.requests())
