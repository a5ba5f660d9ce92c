"""The HTML page without a browser: escaping, self-containment, accessibility, big pages."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from gitrepo import GitRepo
from report_story import HOSTILE, write_large

from vindaris.cli.main import cli


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text, in document order."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def all(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.tags if tag == name]


def html_page(root: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["report", "-C", str(root), "--week", "2026-W47", "--format", "html", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def page(story: GitRepo) -> str:
    return html_page(story.path)


def test_user_text_is_escaped(page: str) -> None:
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt;" in page
    parsed = Tags(page)
    # The title is one text node as written (the newline is just whitespace in HTML).
    assert HOSTILE.replace("\n", " ") in " ".join(" ".join(parsed.text).split())
    for attrs in parsed.all("a"):
        href = attrs["href"] or ""
        assert re.fullmatch(r"#[A-Za-z0-9._-]+|[A-Za-z0-9._-]+\.html", href), href


def test_the_file_is_self_contained(page: str) -> None:
    parsed = Tags(page)
    for tag, attrs in parsed.tags:
        for name in ("src", "href", "srcset", "action", "data", "poster"):
            value = (attrs.get(name) or "").strip().lower()
            assert not re.match(r"^(https?:|//|file:|data:text/html)", value), (tag, name, value)
    assert not {"script", "link", "img", "iframe", "object", "embed", "form", "base"} & {t for t, _ in parsed.tags}
    assert "@import" not in page and "url(" not in page
    csp = [m["content"] for m in parsed.all("meta") if m.get("http-equiv") == "Content-Security-Policy"]
    assert csp == ["default-src 'none'; style-src 'unsafe-inline'; img-src data:"]


def test_phone_print_and_dark_mode_are_styled(page: str) -> None:
    parsed = Tags(page)
    assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in parsed.all("meta")
    assert "@media (prefers-color-scheme: dark)" in page
    assert "@media print" in page and "details::details-content" in page
    assert "@media (max-width: 40rem)" in page


def test_tables_have_headers_and_charts_have_text(page: str) -> None:
    parsed = Tags(page)
    assert len(parsed.all("table")) >= 10
    assert all(th.get("scope") in ("col", "row") for th in parsed.all("th"))
    assert page.count("<table") == page.count("<thead>")
    svgs = re.findall(r"<svg\b[^>]*>.*?</svg>", page, flags=re.DOTALL)
    assert len(svgs) == 1 + 6 + 5  # the headline's stack, a bar per key result, a sparkline per metric
    for svg in svgs:
        label = re.search(r'aria-label="([^"]+)"', svg)
        assert 'role="img"' in svg and label and f"<title>{label.group(1)}</title>" in svg, svg
    assert ('aria-label="34% of the way to target; 58% expected by now"' in page)
    assert 'aria-label="check-ins: 50 kEUR, 120 kEUR, 180 kEUR, 230 kEUR, 260 kEUR, 300 kEUR, 340 kEUR;' in page


def test_every_link_inside_the_page_has_a_target(page: str) -> None:
    parsed = Tags(page)
    ids = [attrs["id"] for _, attrs in parsed.tags if attrs.get("id")]
    assert len(ids) == len(set(ids))
    targets = {(attrs["href"] or "")[1:] for attrs in parsed.all("a") if (attrs["href"] or "").startswith("#")}
    assert targets and targets <= set(ids)
    assert {"kr-grow.arr", "work-grow.hostile", "goal-trials", "owner-dave"} <= set(ids)


def test_a_big_strategy_puts_headline_and_attention_first_and_folds_the_rest(tmp_path: Path) -> None:
    root = write_large(tmp_path / "big", goals=300)
    page = html_page(root)
    order = [page.index(f'id="{section}"') for section in ("headline", "attention", "changes", "goals", "owners")]
    assert order == sorted(order)
    goals = re.findall(r'<details class="goal[^"]*" id="[^"]+"( open)?>', page)
    assert len(goals) == 300
    # Goals that need attention (the off-track ones, one in ten) are open; the rest are folded.
    assert sum(1 for is_open in goals if is_open) == 30
    # The first 25 of the attention list (31 things: 30 key results, each off
    # track and without work, in one row each, and bob overloaded) are in
    # view; the rest are one click away.
    assert re.search(r"<details>\s*<summary>6 more</summary>", page)
    assert "Goals that need attention are open" in page
