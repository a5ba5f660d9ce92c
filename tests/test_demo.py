"""`vindaris demo` builds the same quarter of history every time, ending in the example's files."""

from __future__ import annotations

import io
import os
import re
import subprocess
import tarfile
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from gitrepo import ISOLATED_ENV, git_env
from strategy_files import GROW_GOAL, RESELLERS, write_strategy

from vindaris.cli.main import cli
from vindaris.demo import build_demo, bundled_example

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_COMMITS = 169


@pytest.fixture(autouse=True, scope="module")
def _isolated_git() -> Iterator[None]:
    """Product code runs git too: keep the machine's git config and GIT_* variables out of it."""
    with pytest.MonkeyPatch.context() as mp:
        for key in os.environ:
            if key.startswith("GIT_") and key != "GIT_PYTHON_GIT_EXECUTABLE":
                mp.delenv(key)
        for key, value in ISOLATED_ENV.items():
            mp.setenv(key, value)
        yield


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, _isolated_git: None) -> tuple[Path, str]:
    """The bundled example's demo repository, built once through the CLI, and what the command printed."""
    target = tmp_path_factory.mktemp("demo") / "kestrel-demo"
    result = CliRunner().invoke(cli, ["demo", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return target, result.stdout


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, env=git_env(), capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and ".git" not in p.relative_to(root).parts}


def test_demo_prints_a_summary_and_what_to_try(demo: tuple[Path, str]) -> None:
    target, output = demo
    head = git(target, "rev-parse", "HEAD").strip()
    assert output == (
        f"Built a demo strategy repository in {target}\n"
        f"  {EXAMPLE_COMMITS} commits from 2026-09-28 to 2026-11-24, HEAD {head[:12]}\n"
        "Try:\n"
        f"  vindaris status -C {target} --as-of 2026-11-24\n"
        f"  vindaris report -C {target} --week 2026-W48 --format html --output report.html\n"
    )


def test_history_spans_the_quarter_in_date_order(demo: tuple[Path, str]) -> None:
    target, _ = demo
    log = [line.split() for line in git(target, "log", "--format=%H %ct %at %cI %P").splitlines()]
    assert len(log) == EXAMPLE_COMMITS
    committed = {sha: int(ct) for sha, ct, *_ in log}
    assert len(set(committed.values())) == len(log), "one commit a minute: no two share a date"
    for sha, ct, _, _, *parents in log:
        assert all(committed[p] < int(ct) for p in parents), f"{sha} is older than a parent"
    dates = sorted(iso[:10] for _, _, _, iso, *_ in log)
    assert (dates[0], dates[-1]) == ("2026-09-28", "2026-11-24")
    assert log[0][3][:10] == "2026-11-24" and len(log[-1]) == 4, "HEAD is the newest commit; the root has no parent"
    plain = [entry for entry in log if len(entry) == 5]
    assert all(ct == at for _, ct, at, *_ in plain), "plain commits: author date is the commit date"


def test_final_tree_is_the_example_byte_for_byte(demo: tuple[Path, str]) -> None:
    target, _ = demo
    assert git(target, "status", "--porcelain", "--untracked-files=all") == ""
    assert sorted(git(target, "ls-files").splitlines()) == sorted(files_of(bundled_example()))
    assert files_of(target) == files_of(ROOT / "examples" / "strategy")


def test_the_same_build_gives_the_same_head(demo: tuple[Path, str], tmp_path: Path) -> None:
    target, _ = demo
    again = build_demo(tmp_path / "again")
    assert again.head == git(target, "rev-parse", "HEAD").strip()
    assert (again.commits, str(again.first), str(again.last)) == (EXAMPLE_COMMITS, "2026-09-28", "2026-11-24")


def test_some_changes_arrive_as_merged_pull_requests(demo: tuple[Path, str]) -> None:
    target, _ = demo
    merges = git(target, "log", "--merges", "--format=%s|%cn|%P").splitlines()
    assert len(merges) >= 3
    numbers = []
    for line in merges:
        subject, committer, parents = line.split("|")
        match = re.fullmatch(r"Merge pull request #(\d+) from kestrel/[a-z0-9-]+", subject)
        assert match, subject
        numbers.append(int(match[1]))
        assert committer == "GitHub" and len(parents.split()) == 2
    assert numbers == sorted(numbers, reverse=True) and len(set(numbers)) == len(numbers)
    assert git(target, "branch", "--list").split() == ["*", "main"], "merged branches are gone"


def history_of(repo: Path, path: str) -> list[str]:
    """'date subject' of the non-merge commits that changed `path`, oldest first."""
    return git(repo, "log", "--reverse", "--no-merges", "--format=%cs %s", "--", path).splitlines()


GOALS = "goals/"
STORY = [
    # Work without effect: done on their due dates while gross-revenue-churn never moves.
    ("keep-customers/proactive-success/health-score-model.yaml", [
        "2026-09-28 Plan 2026-q4: goals, key results and work",
        "2026-10-05 work(proactive-success/health-score-model): planned -> active",
        "2026-10-16 work(proactive-success/health-score-model): active -> done"]),
    ("keep-customers/proactive-success/at-risk-alerts.yaml", [
        "2026-09-28 Plan 2026-q4: goals, key results and work",
        "2026-10-19 work(proactive-success/at-risk-alerts): planned -> active",
        "2026-10-30 work(proactive-success/at-risk-alerts): active -> done"]),
    ("keep-customers/proactive-success/qbr-playbook.yaml", [
        "2026-09-28 Plan 2026-q4: goals, key results and work",
        "2026-10-26 work(proactive-success/qbr-playbook): planned -> active",
        "2026-11-06 work(proactive-success/qbr-playbook): active -> done"]),
    # Blocked before 2026-11-09 and still blocked.
    ("reliable-platform/query-engine-v2/columnar-cluster-upgrade.yaml", [
        "2026-09-28 Plan 2026-q4: goals, key results and work",
        "2026-10-21 work(query-engine-v2/columnar-cluster-upgrade): planned -> active",
        "2026-11-03 work(query-engine-v2/columnar-cluster-upgrade): active -> blocked"]),
    ("reliable-platform/query-engine-v2/migrate-dashboards-batch-2.yaml", [
        "2026-09-28 Plan 2026-q4: goals, key results and work",
        "2026-11-05 work(query-engine-v2/migrate-dashboards-batch-2): planned -> active",
        "2026-11-06 work(query-engine-v2/migrate-dashboards-batch-2): active -> blocked"]),
    # Stalled: active early, untouched since.
    ("grow-mid-market/partner-channel/sign-first-resellers.yaml", [
        "2026-09-28 Plan 2026-q4: goals, key results and work",
        "2026-10-19 work(partner-channel/sign-first-resellers): planned -> active"]),
    ("grow-mid-market/partner-channel/partner-enablement-kit.yaml", [
        "2026-09-28 Plan 2026-q4: goals, key results and work",
        "2026-10-27 work(partner-channel/partner-enablement-kit): planned -> active"]),
    ("keep-customers/expansion-playbook.yaml", [
        "2026-09-28 Plan 2026-q4: goals, key results and work",
        "2026-11-02 work(keep-customers/expansion-playbook): planned -> active"]),
    # Added in November.
    ("keep-customers/proactive-success/churn-interviews.yaml", [
        "2026-11-10 work(proactive-success/churn-interviews): add as planned",
        "2026-11-17 work(proactive-success/churn-interviews): planned -> active"]),
]


@pytest.mark.parametrize(("path", "expected"), STORY, ids=[p.rsplit("/", 1)[-1] for p, _ in STORY])
def test_work_items_follow_the_story(demo: tuple[Path, str], path: str, expected: list[str]) -> None:
    assert history_of(demo[0], GOALS + path) == expected


def test_key_result_check_ins_follow_the_story(demo: tuple[Path, str]) -> None:
    target, _ = demo
    checkins = [line for line in git(target, "log", "--reverse", "--format=%cs %cd %an|%s", "--date=format:%a",
                                     "--grep=^checkin(").splitlines()]
    def of(ref: str) -> list[str]:
        return [line for line in checkins if f"|checkin({ref}):" in line]
    assert of("proactive-success/gross-revenue-churn") == [], "churn stays at its baseline all quarter"
    assert of("query-engine-v2/p95-query-time") == [
        "2026-10-13 Tue Wei Chen|checkin(query-engine-v2/p95-query-time): 2600 -> 2520",
        "2026-10-27 Tue Wei Chen|checkin(query-engine-v2/p95-query-time): 2520 -> 2450"]
    new_arr = of("grow-mid-market/new-arr")
    assert [line.split("): ")[1] for line in new_arr] == [
        "0 -> 90", "90 -> 210", "210 -> 330", "330 -> 460", "460 -> 610", "610 -> 760", "760 -> 890", "890 -> 1020"]
    assert all(" Mon Daniel Reyes|" in line for line in new_arr), "weekly, on Mondays, by the key result's owner"
    assert len(of("proactive-success/success-plan-coverage")) == 8
    assert {line.split()[1] for line in checkins} <= {"Mon", "Tue"}
    body = git(target, "log", "-1", "--format=%b", "--grep=checkin(query-engine-v2/p95-query-time): 2520 -> 2450")
    assert body.strip() == "Planner tweaks only, the big joins need the cluster upgrade."


def test_every_sampled_commit_passes_check(demo: tuple[Path, str], tmp_path: Path) -> None:
    target, _ = demo
    shas = git(target, "rev-list", "--reverse", "--topo-order", "HEAD").split()
    sample = shas[::17] + [git(target, "rev-list", "-1", "--before=2026-11-08", "HEAD").strip()]
    for n, sha in enumerate(sample):
        tree = tmp_path / f"at-{n}"
        tree.mkdir()
        with tarfile.open(fileobj=io.BytesIO(subprocess.run(
                ["git", "archive", sha], cwd=target, env=git_env(), capture_output=True, check=True).stdout)) as tar:
            tar.extractall(tree, filter="data")
        result = CliRunner().invoke(cli, ["check", "-C", str(tree), "--format", "json"])
        assert result.exit_code == 0, (sha, result.output)
        assert '"severity": "error"' not in result.output


def test_demo_from_another_strategy(tmp_path: Path) -> None:
    source = write_strategy(tmp_path / "source", {
        "goals/grow/goal.yaml": GROW_GOAL.replace("done: false", "done: true"),
        "goals/grow/resellers.yaml": RESELLERS.replace("state: planned", "state: done"),
        "goals/grow/NOTES.md": "Not YAML: kept as it is.\r\n",
    })
    target = tmp_path / "demo"
    result = CliRunner().invoke(cli, ["demo", str(target), "--from", str(source)])
    assert result.exit_code == 0, result.output
    assert files_of(target) == files_of(source)
    subjects = git(target, "log", "--reverse", "--format=%s").splitlines()
    assert subjects[0] == "Plan 2026-q4: goals, key results and work"
    assert "checkin(grow/partners): false -> true" in subjects
    assert "work(grow/old-pricing): done" not in " ".join(subjects), "a person who left keeps finished work as it was"
    for sha in git(target, "rev-list", "HEAD").split():
        tree = tmp_path / sha
        tree.mkdir()
        with tarfile.open(fileobj=io.BytesIO(subprocess.run(
                ["git", "archive", sha], cwd=target, env=git_env(), capture_output=True, check=True).stdout)) as tar:
            tar.extractall(tree, filter="data")
        assert CliRunner().invoke(cli, ["check", "-C", str(tree)]).exit_code == 0, sha


@pytest.mark.parametrize("existing", ["directory", "file"])
def test_refuses_a_target_that_is_not_empty(tmp_path: Path, existing: str) -> None:
    target = tmp_path / "out"
    if existing == "directory":
        target.mkdir()
        (target / "notes.txt").write_text("mine\n")
    else:
        target.write_text("mine\n")
    result = CliRunner().invoke(cli, ["demo", str(target)])
    assert result.exit_code == 2
    assert result.stderr == f"vindaris: error: {target} already exists and is not an empty directory; name a new one\n"
    assert result.stdout == ""


def test_refuses_a_source_that_fails_check(tmp_path: Path) -> None:
    source = write_strategy(tmp_path / "source", {"goals/grow/ship.yaml": "title: Ship\nowner: bbo\nmoves: [arr]\n"})
    result = CliRunner().invoke(cli, ["demo", str(tmp_path / "out"), "--from", str(source)])
    assert result.exit_code == 2
    assert result.stderr == (f"vindaris: error: {source} has 1 check error(s) (see `vindaris check -C {source}`); "
                             "the demo needs a strategy that passes\n")
    assert not (tmp_path / "out").exists()


def test_the_example_is_packaged() -> None:
    """The example ships as `vindaris.example_data`; packages are listed, so none may be forgotten."""
    assert (bundled_example() / "vindaris.yaml").is_file()
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert setuptools["package-dir"]["vindaris.example_data"] == "examples/strategy"
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    committed = git(ROOT, "ls-files", "-z", "--", "vindaris").split("\0")
    packages = {".".join(Path(f).parent.parts) for f in committed if f.endswith(".py")}
    missing = packages - set(setuptools["packages"])
    assert not missing, f"add {sorted(missing)} to [tool.setuptools] packages in pyproject.toml"


def test_status_on_the_demo_tells_the_story(demo: tuple[Path, str]) -> None:
    """The README's first command shows this: the story the example was written to tell."""
    import json

    target, _ = demo
    result = CliRunner().invoke(cli, ["status", "-C", str(target), "--format", "json", "--as-of", "2026-11-24"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    attention: dict[str, set[str]] = {}
    for a in doc["attention"]:
        attention.setdefault(a["kind"], set()).add(a["ref"])
    krs = {k["ref"]: k for g in doc["goals"] for k in g["key_results"]}
    # work is done but the metric stays flat
    assert "proactive-success/gross-revenue-churn" in attention["work-without-effect"]
    # clearly off track, with its blocked work
    assert krs["query-engine-v2/p95-query-time"]["health"] == "off-track"
    assert {"query-engine-v2/columnar-cluster-upgrade", "query-engine-v2/migrate-dashboards-batch-2"} \
        == attention["long-blocked"]
    # exactly the three items the story stalls
    assert attention["stalled"] == {"partner-channel/sign-first-resellers", "partner-channel/partner-enablement-kit",
                                    "keep-customers/expansion-playbook"}
    # healthy trends, from weekly check-ins
    for ref in ("grow-mid-market/new-arr", "guided-activation/time-to-first-dashboard", "reliable-platform/uptime"):
        assert krs[ref]["health"] == "on-track", ref
        assert len(krs[ref]["checkins"]) >= 8, ref
    assert doc["history"]["commit"] and doc["history"]["shallow"] is False
