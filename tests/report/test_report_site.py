"""`vindaris report --site DIR`: a page per week of the period so far, an index, links between them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from gitrepo import GitRepo

from vindaris.cli.main import cli

WEEKS = [f"2026-W{n}" for n in range(40, 48)]


def build(root: Path, out: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["report", "-C", str(root), "--site", str(out), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_page_per_week_an_index_and_links_that_resolve(story: GitRepo, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import vindaris.render.report.page as page_module
    import vindaris.render.report.site as site_module

    calls: list[str | None] = []

    def counting(compute):  # type: ignore[no-untyped-def]
        def wrapper(root, as_of, now, seen=None):  # type: ignore[no-untyped-def]
            calls.append(as_of)
            return compute(root, as_of, now, seen)
        return wrapper

    monkeypatch.setattr(site_module, "compute_status", counting(site_module.compute_status))
    monkeypatch.setattr(page_module, "compute_status", counting(page_module.compute_status))
    out = tmp_path / "site"
    assert build(story.path, out, "--week", "2026-W47") == f"wrote 8 weekly pages and index.html to {out}\n"
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{w}.html" for w in WEEKS] + ["index.html"])
    # One status computation per week, each as of that week's Sunday.
    assert sorted(calls) == ["2026-10-04", "2026-10-11", "2026-10-18", "2026-10-25", "2026-11-01", "2026-11-08",
                             "2026-11-15", "2026-11-22"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<a href="([^"]+)">', index) == [f"{w}.html" for w in reversed(WEEKS)]
    for i, week in enumerate(WEEKS):
        page = (out / f"{week}.html").read_text(encoding="utf-8")
        prev = re.search(r'<a href="([^"]+)" rel="prev">', page)
        nxt = re.search(r'<a href="([^"]+)" rel="next">', page)
        assert (prev.group(1) if prev else None) == (f"{WEEKS[i - 1]}.html" if i else None)
        assert (nxt.group(1) if nxt else None) == (f"{WEEKS[i + 1]}.html" if i + 1 < len(WEEKS) else None)
        assert '<a href="index.html">all weeks</a>' in page


def test_each_week_is_rebuilt_from_history_as_it_stood_then(story: GitRepo, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(story.path, out, "--week", "2026-W47", "--format", "md")
    w42 = (out / "2026-W42.md").read_text(encoding="utf-8")
    assert "**As of** 2026-10-18" in w42
    assert "| 2026-10-12 | Net new ARR | grow/arr | 50 kEUR | 120 kEUR |" in w42
    assert "180 kEUR" not in w42  # checked in on Monday 19 October, week 43
    assert "[2026-W41](2026-W41.md) · [all weeks](index.md) · [2026-W43](2026-W43.md)" in w42
    # Week 47's page in the site is the week's page, with links added.
    single = CliRunner().invoke(cli, ["report", "-C", str(story.path), "--week", "2026-W47"]).stdout
    w47 = (out / "2026-W47.md").read_text(encoding="utf-8")
    assert w47.replace("[2026-W46](2026-W46.md) · [all weeks](index.md) · latest week\n\n", "") == single


def test_the_same_site_twice_is_the_same_bytes(story: GitRepo, tmp_path: Path) -> None:
    build(story.path, tmp_path / "a", "--week", "2026-W47")
    build(story.path, tmp_path / "b", "--week", "2026-W47")
    for path in (tmp_path / "a").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name


def test_weeks_before_the_first_commit_are_left_out(git_repo: GitRepo, tmp_path: Path) -> None:
    from report_story import CONFIG, PEOPLE, grow

    git_repo.write("vindaris.yaml", CONFIG)
    git_repo.write("people.yaml", PEOPLE)
    git_repo.write("goals/grow/goal.yaml", grow(10))
    git_repo.commit("Start late", date="2026-11-04T10:00:00+00:00")
    out = tmp_path / "site"
    build(git_repo.path, out, "--week", "2026-W47")
    assert sorted(p.name for p in out.iterdir()) == ["2026-W45.html", "2026-W46.html", "2026-W47.html", "index.html"]


def test_each_week_is_read_on_top_of_the_week_before(story: GitRepo, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch, git_log) -> None:  # type: ignore[no-untyped-def]
    import shutil

    repo = tmp_path / "repo"
    shutil.copytree(story.path, repo)  # its own, empty cache
    shutil.rmtree(repo / ".git" / "vindaris", ignore_errors=True)
    out = tmp_path / "site"
    git_log.take()
    build(repo, out, "--week", "2026-W47")
    logs = [line.split("\x1f") for line in git_log.path.read_text().splitlines()]
    whole = [args for args in logs if "--raw" in args and "--not" not in args]
    on_top = [args for args in logs if "--raw" in args and "--not" in args]
    # The latest week (computed first, to know the period) and the oldest are
    # read whole; every week between is read on top of the one before it.
    assert (len(whole), len(on_top)) == (2, len(WEEKS) - 2)
    monkeypatch.setenv("VINDARIS_NO_CACHE", "1")
    build(repo, tmp_path / "uncached", "--week", "2026-W47")
    for path in out.iterdir():
        assert path.read_bytes() == (tmp_path / "uncached" / path.name).read_bytes(), path.name


def test_a_site_holds_no_week_to_the_end_of_the_process(story: GitRepo, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # The CLI's process keeps its last graphs alive to a fast exit
    # (vindaris/keepalive.py); a site computes a status per week and must
    # free each as it goes, or a quarter's histories would pile up.
    from vindaris import keepalive

    held: dict[str, tuple[object, ...]] = {}
    monkeypatch.setattr(keepalive, "_held", held)
    monkeypatch.setattr(keepalive, "_holding", True)
    monkeypatch.setenv("VINDARIS_NO_CACHE", "1")  # computed here, not served by an earlier test's memo
    build(story.path, tmp_path / "site")
    assert held == {}
    CliRunner().invoke(cli, ["report", "-C", str(story.path), "--week", "2026-W47"])
    assert {"history", "week", "page"} <= set(held)  # a single page keeps its own to the end
