#!/usr/bin/env python3
"""Benchmark vindaris on synthetic strategy repositories of each size (issue 6).

    python bench/run.py [--sizes small,medium,large] [--runs 5] [--out bench/out]

For each size: generate the repository once (cached in OUT/repos/SIZE, rebuilt
when the generator changes), then time whole processes, interpreter start-up
included, each RUNS times (median, min, max) with their peak RSS:

- the floor (bench/floor.py: `git log --raw`, `git cat-file --batch` of the
  blobs that log lists, the current files through PyYAML's C loader);
- `vindaris check`, `vindaris status --format json` and
  `vindaris report --format html --output /dev/null` (when that command
  exists), each cold (`.git/vindaris/`, the cache, deleted before every run)
  and warm (the cache left by the run before, nothing changed); status and
  report also right after one new commit on top of a warm cache.

One more run of each, untimed, goes through a `git` shim on PATH that logs
every git process started, to count them per command and size.

Writes OUT/results.md and OUT/results.json; `--update-readme` also copies the
Markdown into bench/README.md between its results markers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
sys.path.insert(0, str(BENCH))

import generate

README = BENCH / "README.md"
MARK_START = "<!-- results:start -->"
MARK_END = "<!-- results:end -->"

# Issue 6's targets, all on `large`.
TARGET_CHECK_S = 1.0
TARGET_COLD_X_FLOOR = 1.5
TARGET_WARM_X_CHECK = 1.2
TARGET_REPORT_PEAK_MB = 300


@dataclass
class Measure:
    size: str
    name: str  # floor | check | status | report
    mode: str  # "" for the floor, else cold | warm
    argv: list[str]
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    exit_codes: list[int] = field(default_factory=list)
    git: list[str] = field(default_factory=list)  # git command lines of the counting run
    stderr: str = ""
    detail: dict[str, object] = field(default_factory=dict)
    # The floor's wall seconds in a run made just before each timed run.
    paired_floor: list[float] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.name if not self.mode else f"{self.name} ({self.mode})"

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def x_floor(self, floor: Measure) -> float:
        """This command's time as a multiple of the floor's: the median of the
        ratios to the floor run just before each run where there are pairs
        (a shared machine's speed drifts by tens of percent within minutes,
        and a pair feels the same drift), else of the two medians."""
        if self.paired_floor:
            return statistics.median(s / f for s, f in zip(self.seconds, self.paired_floor))
        return self.median / floor.median

    @property
    def ok(self) -> bool:
        return bool(self.exit_codes) and all(code in (0, 1) for code in self.exit_codes)

    def run(self, cwd: Path, env: dict[str, str]) -> None:
        """One timed run, recorded."""
        wall, cpu, peak, code, tail = timed(self.argv, cwd, env)
        self.seconds.append(wall)
        self.cpu.append(cpu)
        self.peak_mb.append(peak)
        self.exit_codes.append(code)
        if code not in (0, 1):
            self.stderr = tail

    def report(self) -> None:
        print(f"[{self.size}] {self.label:<16} median {self.median:7.3f} s  peak {max(self.peak_mb):6.1f} MB"
              f"  git processes {len(self.git)}" + ("" if self.ok else f"  FAILED (exit {self.exit_codes})"),
              flush=True)


# ---------------------------------------------------------------------------
# Running and timing one process
# ---------------------------------------------------------------------------


def timed(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, float, int, str]:
    """Run `argv` to completion: wall seconds, CPU seconds, peak RSS in MB, exit code, stderr tail.

    os.wait4 gives the child's rusage, whose ru_maxrss is the largest
    resident set of the child and every descendant it waited for (the git
    processes a command starts), in KiB on Linux.
    """
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read().decode("utf-8", "replace")[-2000:]
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / scale, proc.returncode, tail


def floor_detail(argv: list[str], cwd: Path, env: dict[str, str]) -> dict[str, object]:
    out = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    try:
        return json.loads(out.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"error": out.stderr[-500:]}


def make_shim(directory: Path) -> Path:
    """A `git` that appends its arguments to $VINDARIS_BENCH_GIT_LOG and execs the real git."""
    real = shutil.which("git")
    if real is None:
        sys.exit("git is not on PATH")
    directory.mkdir(parents=True, exist_ok=True)
    shim = directory / "git"
    shim.write_text(
        "#!/bin/sh\n"
        "# Written by bench/run.py: log this git process, then run the real git.\n"
        'printf \'%s\\n\' "$*" >> "$VINDARIS_BENCH_GIT_LOG"\n'
        f'exec "{real}" "$@"\n'
    )
    shim.chmod(0o755)
    return shim


def count_git(argv: list[str], cwd: Path, env: dict[str, str], shim: Path) -> list[str]:
    """The git command lines one run of `argv` starts (through the shim)."""
    with tempfile.NamedTemporaryFile("r", suffix=".log") as log:
        shim_env = dict(env)
        shim_env["PATH"] = f"{shim.parent}{os.pathsep}{env.get('PATH', '')}"
        shim_env["GIT_PYTHON_GIT_EXECUTABLE"] = str(shim)
        shim_env["VINDARIS_BENCH_GIT_LOG"] = log.name
        subprocess.run(argv, cwd=cwd, env=shim_env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        return [line.rstrip("\n") for line in open(log.name, encoding="utf-8", errors="replace") if line.strip()]


def drop_cache(repo: Path) -> None:
    shutil.rmtree(repo / ".git" / "vindaris", ignore_errors=True)


# ---------------------------------------------------------------------------
# The benchmark
# ---------------------------------------------------------------------------


def ensure_repo(size: str, repos: Path, regenerate: bool) -> dict[str, object]:
    """The repository of `size`, generated unless a current one is cached."""
    repo = repos / size
    stamp = repos / f"{size}.json"
    if not regenerate and stamp.exists() and (repo / ".git").is_dir():
        info = json.loads(stamp.read_text())
        if info.get("generator_version") == generate.GENERATOR_VERSION:
            head = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True,
                                  text=True, check=False).stdout.strip()
            dirty = subprocess.run(["git", "-C", str(repo), "status", "--porcelain"], capture_output=True,
                                   text=True, check=False).stdout.strip()
            if head == info.get("head") and not dirty:
                print(f"[{size}] cached repository {repo} (HEAD {head[:12]})", flush=True)
                return info
    print(f"[{size}] generating {repo} ...", end=" ", flush=True)
    info = generate.generate(size, repo, force=True)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(json.dumps(info, indent=2) + "\n")
    print(f"{info['commits']} commits in {info['seconds']} s (HEAD {str(info['head'])[:12]})", flush=True)
    return info


def has_report(env: dict[str, str]) -> bool:
    out = subprocess.run([sys.executable, "-m", "vindaris", "report", "--help"], cwd=PROJECT, env=env,
                         capture_output=True, text=True, check=False)
    return out.returncode == 0 and "--output" in out.stdout


def bench_size(size: str, repo: Path, runs: int, env: dict[str, str], shim: Path,
               with_report: bool) -> list[Measure]:
    py = sys.executable
    measures: list[Measure] = []

    def series(m: Measure, cold: bool, paired: bool = False) -> None:
        for _ in range(runs):
            if paired:
                m.paired_floor.append(timed(floor.argv, repo, env)[0])
            if cold:
                drop_cache(repo)
            m.run(repo, env)
        m.report()

    floor = Measure(size, "floor", "", [py, str(BENCH / "floor.py"), str(repo)])
    floor.detail = floor_detail(floor.argv, repo, env)  # also warms the page cache
    floor.git = count_git(floor.argv, repo, env, shim)
    series(floor, cold=False)
    measures.append(floor)

    commands = [
        ("check", ["check"]),
        ("status", ["status", "--format", "json"]),
    ]
    if with_report:
        commands.append(("report", ["report", "--format", "html", "--output", os.devnull]))
    for name, args in commands:
        argv = [py, "-m", "vindaris", *args, "-C", str(repo)]
        cold = Measure(size, name, "cold", argv)
        drop_cache(repo)
        cold.git = count_git(argv, repo, env, shim)  # untimed first run: compiles bytecode, warms files
        # Cold status and report are held to the floor: each run is paired with one of it.
        series(cold, cold=True, paired=name != "check")
        warm = Measure(size, name, "warm", argv)
        warm.git = count_git(argv, repo, env, shim)  # the run before: leaves the cache
        series(warm, cold=False)
        measures += [cold, warm]
        if name != "check":
            measures.append(after_a_commit(size, name, argv, repo, runs, env, shim))
    drop_cache(repo)
    return measures


def after_a_commit(size: str, name: str, argv: list[str], repo: Path, runs: int, env: dict[str, str],
                   shim: Path) -> Measure:
    """`argv` right after one new check-in on top of a cached history (a pull, next week's CI).

    Each run starts from the generated HEAD with its cache warm, commits the
    same check-in (so the same sha every time), and removes what an earlier
    run cached for that new commit, so every timed run reads it on top.
    """
    head = git(repo, "rev-parse", "HEAD").strip()
    m = Measure(size, name, "new commit", argv)
    try:
        for attempt in range(runs + 1):  # the first one untimed: it counts the git processes
            git(repo, "reset", "-q", "--hard", head)
            timed(argv, repo, env)  # the cache for HEAD, as the run before the pull left it
            tip = check_in(repo)
            for leftover in (repo / ".git" / "vindaris").glob("*.bin"):
                if leftover.name.startswith("out-") or tip in leftover.name:
                    leftover.unlink()
            if attempt == 0:
                m.git = count_git(argv, repo, env, shim)
                continue
            m.run(repo, env)
    finally:
        git(repo, "reset", "-q", "--hard", head)
    m.report()
    return m


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True,
                          env=generate.git_env()).stdout


def check_in(repo: Path) -> str:
    """Commit one check-in (the first goal's first `current:` up by 1), the same commit every time."""
    goal = sorted((repo / "goals").rglob("goal.yaml"))[0]
    text = goal.read_text(encoding="utf-8")
    at = text.index("current: ") + len("current: ")
    end = text.index("\n", at)
    goal.write_text(text[:at] + f"{float(text[at:end]) + 1:g}" + text[end:], encoding="utf-8")
    stamp = "2026-11-24T12:00:00+00:00"
    env = {**generate.git_env(), "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=Bench", "-c", "user.email=bench@example.com",
                    "commit", "-q", "-a", "-m", "Check-in: one more (bench)"], env=env, check=True)
    return git(repo, "rev-parse", "HEAD").strip()


# ---------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------


def parallel_throughput(cores: int, runs: int = 5) -> float:
    """How many times one process's CPU-bound work `cores` processes get done
    at once: `cores` when each has a core of its own, about 1.0 when they
    share one (vCPUs that are hyperthreads of one physical core). Cold
    status spreads its work over processes and threads, so where this is
    near 1.0 its ratio to the floor (a sequential process) is higher."""
    work = [sys.executable, "-c", "s = 0\nfor i in range(5_000_000): s += i"]

    def timed(count: int) -> float:
        start = time.perf_counter()
        processes = [subprocess.Popen(work) for _ in range(count)]
        for process in processes:
            process.wait()
        return time.perf_counter() - start

    # In pairs, one alone then all together, and the median of the pairs'
    # ratios: a neighbour's burst during one run must not decide it.
    ratios = [cores * timed(1) / timed(cores) for _ in range(runs)]
    return round(min(statistics.median(ratios), float(cores)), 2)


def machine() -> dict[str, object]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    git_version = subprocess.run(["git", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    import yaml

    vindaris = subprocess.run(["git", "-C", str(PROJECT), "describe", "--always", "--dirty"],
                              capture_output=True, text=True, check=False).stdout.strip()
    try:
        load = round(os.getloadavg()[0], 2)
    except OSError:
        load = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "parallel_throughput": parallel_throughput(usable or 1),
        "memory_gib": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "git": git_version.removeprefix("git version "),
        "pyyaml": f"{yaml.__version__}{' (libyaml)' if getattr(yaml, '__with_libyaml__', False) else ''}",
        "vindaris_commit": vindaris,
        "load_average_at_start": load,
    }


def rows(measures: list[Measure]) -> list[dict[str, object]]:
    floor = next(m for m in measures if m.name == "floor")
    check = next((m for m in measures if m.name == "check" and m.mode == "cold"), None)
    out = []
    for m in measures:
        row: dict[str, object] = {
            "size": m.size,
            "command": m.label,
            "median_s": round(m.median, 3),
            "min_s": round(min(m.seconds), 3),
            "max_s": round(max(m.seconds), 3),
            "cpu_s": round(statistics.median(m.cpu), 3),
            "x_floor": round(m.x_floor(floor), 2),
            "x_floor_paired": bool(m.paired_floor),
            "peak_mb": round(max(m.peak_mb), 1),
            "x_check": round(m.median / check.median, 2) if check and m.mode == "warm" else None,
            "git_processes": len(m.git),
            "ok": m.ok,
            "target": target(m, floor, check),
        }
        out.append(row)
    return out


def target(m: Measure, floor: Measure, check: Measure | None) -> str:
    """Issue 6's target for this row on `large`, and whether this run meets it."""
    if m.size != "large" or m.name == "floor":
        return ""
    parts = []
    if m.name == "check" and m.mode == "cold":
        parts.append(("≤ 1.0 s", m.median <= TARGET_CHECK_S))
    if m.name in ("status", "report") and m.mode == "cold":
        parts.append(("≤ 1.5× floor", m.x_floor(floor) <= TARGET_COLD_X_FLOOR))
    if m.name in ("status", "report") and m.mode == "warm" and check is not None:
        parts.append(("≤ 1.2× check", m.median <= TARGET_WARM_X_CHECK * check.median))
    if m.name == "report":
        parts.append(("< 300 MB", max(m.peak_mb) < TARGET_REPORT_PEAK_MB))
    return ", ".join(f"{text} {'✓' if met else '✗'}" for text, met in parts)


def markdown(info: dict[str, object], table: list[dict[str, object]], git_counts: dict[str, dict[str, int]],
             notes: list[str]) -> str:
    mach = info["machine"]
    assert isinstance(mach, dict)
    lines = [
        (f"Measured {info['date']} with `python bench/run.py --sizes {','.join(info['sizes'])} "  # type: ignore[arg-type]
         f"--runs {info['runs']}` at vindaris `{mach['vindaris_commit']}`."),
        "",
        (f"Machine: {mach['cpu']}, {mach['cores']} cores ({mach['usable_cores']} usable; "
         f"together {mach['parallel_throughput']}× the CPU-bound work of one), "
         f"{mach['memory_gib']} GiB; {mach['os']}; Python {mach['python']}; git {mach['git']}; "
         f"PyYAML {mach['pyyaml']}; load average at start {mach['load_average_at_start']}."),
        "",
        "| size | command | median s | min–max s | CPU s | × floor | peak MB | × check | git procs | target (large) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in table:
        failed = "" if r["ok"] else " **FAILED**"
        x_check = "" if r["x_check"] is None else f"{r['x_check']:.2f}"
        lines.append(
            f"| {r['size']} | {r['command']}{failed} | {r['median_s']:.3f} | {r['min_s']:.3f}–{r['max_s']:.3f} | "
            f"{r['cpu_s']:.3f} | {r['x_floor']:.2f} | {r['peak_mb']:.0f} | {x_check} | {r['git_processes']} | "
            f"{r['target']} |"
        )
    sizes = list(info["sizes"])  # type: ignore[call-overload]
    lines += ["", "Git processes per command (one untimed run each, through a `git` shim on PATH):", "",
              "| command | " + " | ".join(sizes) + " | same on every size |",
              "|---|" + "---:|" * len(sizes) + "---|"]
    for label, per_size in git_counts.items():
        counts = [per_size.get(s) for s in sizes]
        same = "yes" if len(set(counts)) == 1 else "**no**"
        lines.append(f"| {label} | " + " | ".join(str(c) for c in counts) + f" | {same} |")
    details = info.get("floor_detail") or {}
    assert isinstance(details, dict)
    if details:
        lines += ["", "The floor's steps, from one extra run (seconds inside the process):", ""]
        for size, d in details.items():
            if "log_s" in d:
                lines.append(
                    f"- {size}: `git log` {d['log_s']:.2f} s ({d['log_bytes'] / 1e6:.1f} MB), "
                    f"`cat-file --batch` {d['cat_file_s']:.2f} s ({d['blobs']} blobs, "
                    f"{d['blob_bytes'] / 1e6:.1f} MB), CSafeLoader {d['yaml_s']:.2f} s ({d['files']} files)"
                )
    if notes:
        lines += [""] + [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"


def update_readme(text: str) -> None:
    readme = README.read_text()
    start, end = readme.find(MARK_START), readme.find(MARK_END)
    if start < 0 or end < start:
        sys.exit(f"{README} has no {MARK_START} ... {MARK_END} block")
    README.write_text(readme[: start + len(MARK_START)] + "\n" + text + readme[end:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="small,medium,large",
                        help="comma-separated, from: " + ", ".join(generate.SIZES))
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command and mode (default 5)")
    parser.add_argument("--out", type=Path, default=BENCH / "out", help="results and repositories (default bench/out)")
    parser.add_argument("--regenerate", action="store_true", help="rebuild the repositories even if cached")
    parser.add_argument("--update-readme", action="store_true", help="copy the results table into bench/README.md")
    args = parser.parse_args(argv)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in generate.SIZES]
    if unknown or args.runs < 1:
        parser.error(f"unknown size(s) {unknown}" if unknown else "--runs must be at least 1")
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)

    # This checkout's vindaris, whatever is installed; git without GIT_DIR & co. from the caller.
    env = {k: v for k, v in os.environ.items() if not (k.startswith("GIT_") and k != "GIT_CONFIG_GLOBAL")}
    env["PYTHONPATH"] = os.pathsep.join([str(PROJECT), *filter(None, [os.environ.get("PYTHONPATH")])])
    # An installed vindaris has its bytecode compiled (pip does it); with this
    # set (some sandboxes and CI images do) every run would compile every module
    # again, 0.2 s that no user pays.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    shim = make_shim(out / "shim")
    info: dict[str, object] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "sizes": sizes,
        "runs": args.runs,
        "repositories": {},
        "floor_detail": {},
    }
    notes = [
        ("Every number is a whole process (`python -m vindaris ...`, interpreter start-up included), "
         "wall time, OS page cache warm. cold: `.git/vindaris/` deleted before each run; "
         "warm: the previous run left it, nothing changed; new commit: the cache warm for HEAD, then one "
         "new check-in committed on top (a pull, or next week's CI with its cache restored)."),
        ("floor: one process (`bench/floor.py`) running `git log --raw --no-abbrev -z -M --topo-order` (no pathspec: the strategy is the whole repository), "
         "then `git cat-file --batch` of every blob sha that log lists, then `yaml.load(CSafeLoader)` of every "
         "current file, one after the other. × floor = median / floor median, except on cold status and report "
         "rows: there every timed run follows a floor run of its own, and × floor is the median of those "
         "pairs' ratios (a shared machine's speed drifts within minutes; a pair feels the same drift); "
         "× check = warm median / "
         "check (cold) median. CPU s = median user+sys of the process and the children it waited for."),
    ]
    with_report = has_report(env)
    if not with_report:
        notes.append("`vindaris report` is not a command in this checkout yet: its rows are skipped.")
    all_measures: list[Measure] = []
    started = time.perf_counter()
    for size in sizes:
        repo_info = ensure_repo(size, out / "repos", args.regenerate)
        info["repositories"][size] = repo_info  # type: ignore[index]
        measures = bench_size(size, out / "repos" / size, args.runs, env, shim, with_report)
        info["floor_detail"][size] = measures[0].detail  # type: ignore[index]
        all_measures += measures
    table = []
    for size in sizes:
        table += rows([m for m in all_measures if m.size == size])
    git_counts: dict[str, dict[str, int]] = {}
    for m in all_measures:
        git_counts.setdefault(m.label, {})[m.size] = len(m.git)
    failures = [m for m in all_measures if not m.ok]
    for m in failures:
        notes.append(f"{m.size} {m.label} FAILED with exit codes {m.exit_codes}: "
                     f"{m.stderr.strip().splitlines()[-1] if m.stderr.strip() else '(no stderr)'}")
    info["results"] = table
    info["git_processes"] = {
        f"{m.size} {m.label}": m.git for m in all_measures
    }
    info["raw"] = [
        {"size": m.size, "command": m.label, "argv": m.argv, "seconds": [round(s, 4) for s in m.seconds],
         "cpu_s": [round(s, 4) for s in m.cpu], "peak_mb": [round(p, 1) for p in m.peak_mb],
         "exit_codes": m.exit_codes, "stderr_tail": m.stderr or None}
        for m in all_measures
    ]
    info["notes"] = notes
    info["bench_seconds"] = round(time.perf_counter() - started, 1)
    text = markdown(info, table, git_counts, notes)
    (out / "results.md").write_text(text)
    (out / "results.json").write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n")
    print()
    print(text)
    print(f"Wrote {out / 'results.md'} and {out / 'results.json'} ({info['bench_seconds']} s).")
    if args.update_readme:
        update_readme(text)
        print(f"Updated {README}.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
