"""Benchmarks against the floor: how close Goldilocks gets to the least the work could cost.

    python bench/run.py [--quick] [--json [FILE]] [--only FIGURE ...]

Every figure is timed next to a floor measured in the same run, on the same machine, on the same
files (`yaml.compose` of the story for a cold load, unpickling its parsed YAML for a warm one, a
bare Textual app for the TUI). Absolute times swing with whatever else the machine is doing; the
ratio to a floor measured alongside swings far less, so the ratio is what has a target. Each
figure is the median of at least five runs (`--quick`: three, and fewer states explored), ours and
the floor's taken in turn so that a busy spell hits both.

The stories are synthetic (`storygen.py`): 100, 1,000 and 5,000 scenes, the same bytes every run.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import json
import os
import pickle
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

import storygen  # noqa: E402
import yaml  # noqa: E402

from game.engine import load_story  # noqa: E402

SIZES = (100, 1_000, 5_000)
MAX_RUNS = 50  # runs of a quick figure (see in_turns)
FIGURES = ("cold", "warm", "tui-start", "tui-key", "check", "explorer", "memory", "serve")


@dataclass
class Figure:
    """One row of the table: our time, the floor's, their ratio and the target for it."""

    name: str
    ours: float | None  # seconds (or another unit, see `unit`)
    floor: float | None
    target: float | None = None  # the highest ratio that passes; None: reported only
    unit: str = "s"
    note: str = ""
    runs: dict[str, list[float]] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.ours is None or not self.floor:
            return None
        return self.ours / self.floor

    @property
    def passed(self) -> bool | None:
        ratio = self.ratio
        if self.target is None or ratio is None:
            return None
        return ratio <= self.target


def median(values: list[float]) -> float:
    return statistics.median(values)


def forget_parsed() -> None:
    """Empty every cache the engine's modules keep of what they parsed or worked out from
    expressions and texts, so each load is a cold one. Kept: what is made once per process
    whatever the story (Jinja's environment, the engine's identity in cache keys)."""
    for module in list(sys.modules.values()):
        if not getattr(module, "__name__", "").startswith("game.engine."):
            continue
        for name, value in vars(module).items():
            clear = getattr(value, "cache_clear", None)
            if clear is not None and name not in ("environment", "_engine_identity"):
                clear()


def timed(work: Callable[[], Any], before: Callable[[], None] | None = None) -> float:
    """Seconds `work` takes, after `before` and a full collection (not timed)."""
    if before is not None:
        before()
    gc.collect()
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def in_turns(
    runs: int, ours: Callable[[], float], floor: Callable[[], float]
) -> tuple[list[float], list[float]]:
    """Run ours and the floor alternately (one warm-up of each first), `runs` times each, and
    more for quick work: until a second has gone into them, at most MAX_RUNS times. A figure of
    a millisecond or two is at the mercy of any hiccup of the machine in five runs."""
    ours(), floor()
    mine: list[float] = []
    base: list[float] = []
    while len(mine) < runs or (sum(mine) + sum(base) < 1.0 and len(mine) < MAX_RUNS):
        base.append(floor())
        mine.append(ours())
    return mine, base


def figure(
    name: str, target: float | None, mine: list[float], base: list[float], **kw: Any
) -> Figure:
    return Figure(
        name, median(mine), median(base), target, runs={"ours": mine, "floor": base}, **kw
    )


# -- loading -------------------------------------------------------------------------------------


def story_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml"))


def cold_load(folder: Path, runs: int) -> Figure:
    """Our load (no cache) against `yaml.compose` of the same files, in a process as Python
    starts it. The floor's time includes the cycle collector's passes over the nodes it
    makes, which our loader avoids by pausing the collector (see `loader`); so the note also
    gives the ratio to compose with the collector paused too: the stricter comparison."""
    files = story_files(folder)

    def floor() -> None:
        for path in files:
            yaml.compose(path.read_bytes(), Loader=yaml.CSafeLoader)

    def floor_paused() -> float:
        gc.disable()
        try:
            return timed(floor)
        finally:
            gc.enable()

    mine: list[float] = []
    base: list[float] = []
    strict: list[float] = []
    timed(lambda: load_story(folder), before=forget_parsed), floor_paused()  # warm-ups
    while len(mine) < runs or (sum(mine) + sum(base) < 1.0 and len(mine) < MAX_RUNS):
        base.append(timed(floor))
        strict.append(floor_paused())
        mine.append(timed(lambda: load_story(folder), before=forget_parsed))
    count = folder.name.removeprefix("s")
    paused = median(strict)
    fig = figure(
        f"cold load + validate, {count} scenes",
        2.0,
        mine,
        base,
        note=f"floor: yaml.compose (libyaml) of the same files; with the collector paused "
        f"for the floor too: {paused * 1000:.1f} ms, ratio {median(mine) / paused:.2f}",
    )
    fig.runs["floor, collector paused"] = strict
    return fig


def warm_load(folder: Path, cache: Path, runs: int) -> tuple[Figure, float]:
    files = story_files(folder)
    parsed = {path.name: yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader) for path in files}
    pickled = pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL)

    def floor() -> None:
        for path in files:
            path.read_bytes()
        pickle.loads(pickled)

    store = timed(lambda: load_story(folder, cache_dir=cache), before=forget_parsed)
    mine, base = in_turns(
        runs,
        lambda: timed(lambda: load_story(folder, cache_dir=cache), before=forget_parsed),
        lambda: timed(floor),
    )
    count = folder.name.removeprefix("s")
    fig = figure(
        f"warm load (cache hit), {count} scenes",
        1.5,
        mine,
        base,
        note="floor: read the files + unpickle their parsed YAML",
    )
    return fig, store


def peak_memory(folder: Path) -> dict[str, float]:
    """Peak and kept memory of a cold load, next to what the parsed YAML alone takes (MB)."""
    files = story_files(folder)
    gc.collect()
    tracemalloc.start()
    parsed = [yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader) for path in files]
    yaml_kept, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del parsed
    forget_parsed()
    gc.collect()
    tracemalloc.start()
    story = load_story(folder)
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del story
    mb = 1024 * 1024
    return {
        "files_mb": sum(p.stat().st_size for p in files) / mb,
        "parsed_yaml_mb": yaml_kept / mb,
        "load_peak_mb": peak / mb,
        "story_kept_mb": kept / mb,
        "peak_vs_parsed": peak / yaml_kept,
        "kept_vs_parsed": kept / yaml_kept,
    }


def peak_rss(folder: Path, work: str) -> tuple[float, int]:
    """Peak resident memory (MB) of a fresh process that loads the story (`work` "load") or
    checks it as `goldilocks check --exhaustive` does (`work` "check"), and the states that
    check expanded (0 for a load)."""
    code = (
        "import contextlib, io, json, resource, sys\n"
        "from pathlib import Path\n"
        "folder = sys.argv[1]\n"
        "out = io.StringIO()\n"
        "states = 0\n"
        "with contextlib.redirect_stdout(out):\n"
        "    if sys.argv[2] == 'check':\n"
        "        from game import cli\n"
        "        cli.main(['check', folder, '--exhaustive', '--json'])\n"
        "        states = json.loads(out.getvalue())['states_explored']\n"
        "    else:\n"
        "        from game.engine import load_story\n"
        "        load_story(Path(folder))\n"
        "print(states)\n"
        "try:\n"  # the peak of this process's own memory: ru_maxrss counts, on Linux, the
        "    status = Path('/proc/self/status').read_text()\n"  # bench's own at the fork too
        "    print(next(l.split()[1] for l in status.splitlines() if l.startswith('VmHWM')))\n"
        "except OSError:\n"
        "    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder), work],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    states, peak = done.stdout.split()[-2:]
    kilobytes = float(peak)  # Linux: KB (macOS gives bytes)
    mb = kilobytes / 1024 if sys.platform != "darwin" else kilobytes / 1024 / 1024
    return mb, int(states)


# -- check and the explorer ----------------------------------------------------------------------


def check_story(folder: Path, runs: int) -> Figure:
    """The default `check` (a path to every scene by a bounded search) against a cold load."""
    mine, base, report = timed_checks(folder, runs, [])
    count = folder.name.removeprefix("s")
    return figure(
        f"check, {int(count):,} scenes",
        3.0,
        mine,
        base,
        note=(
            f"goldilocks check (default: search, --random 300), in-process; floor: cold load; "
            f"{int(report['states_explored']):,} states expanded; scenes reached "
            f"{report['reachable_scenes']:,}, not proven either way "
            f"{len(report['not_proven_scenes']):,}, proven unreachable "
            f"{len(report['unreachable_scenes']):,}"
        ),
    )


def exhaustive_check(folder: Path, runs: int) -> list[Figure]:
    """`check --exhaustive` against a cold load, and against the least a walk of as many
    states as it expanded could cost (see `bare_walk`)."""
    mine, base, report = timed_checks(folder, runs, ["--exhaustive"])
    count = folder.name.removeprefix("s")
    states = int(report["states_explored"])
    walks = [bare_walk(states) for _ in range(3)]
    return [
        figure(
            f"check --exhaustive, {int(count):,} scenes",
            None,
            mine,
            base,
            note=(
                f"--random 1000, in-process; floor: cold load; {states:,} states expanded, "
                f"complete: {str(report['complete']).lower()}"
            ),
        ),
        figure(
            f"check --exhaustive, {int(count):,} scenes, against a bare walk",
            None,
            mine,
            walks,
            note=(
                f"floor: a breadth-first walk of as many states ({states:,}) that works out "
                f"nothing of the story, only makes, hashes and stores one key per state: the "
                f"least any explorer could spend on them, {median(walks) / median(base):.1f}x "
                f"a cold load ({median(walks) * 1000:.0f} ms) on its own"
            ),
        ),
    ]


def shipped_check(runs: int) -> Figure:
    """`check --exhaustive` of the shipped story, which it explores completely."""
    mine, base, report = timed_checks(ROOT / "scenes", runs, ["--exhaustive"])
    return figure(
        "check --exhaustive, shipped story (complete walk)",
        None,
        mine,
        base,
        note=(
            f"{int(report['states_explored']):,} states, complete: "
            f"{str(report['complete']).lower()}; floor: its cold load"
        ),
    )


def timed_checks(
    folder: Path, runs: int, options: list[str]
) -> tuple[list[float], list[float], dict[str, Any]]:
    """`runs` in-process checks of a story with `options` and as many cold loads of it, in
    turn, and the last check's JSON report."""
    from game import cli

    report: dict[str, Any] = {}

    def ours() -> float:
        out = io.StringIO()
        argv = ["check", str(folder), "--json", *options]
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            seconds = timed(lambda: cli.main(argv), before=forget_parsed)
        report.update(json.loads(out.getvalue()))
        return seconds

    mine, base = [], []
    for _ in range(runs):
        base.append(timed(lambda: load_story(folder), before=forget_parsed))
        mine.append(ours())
    return mine, base, report


def bare_walk(states: int, values: int = 16, ways: int = 3) -> float:
    """Seconds a breadth-first walk takes to find `states` states when it does nothing but the
    bookkeeping every walk does: for each of `ways` ways out of each state, make the next
    state's key (a scene, `values` values, no visits, no turn, as the explorer keeps states),
    look it up, and keep it with its parent if new. No condition, effect or text is worked out,
    so no explorer of a story can walk as many states in less time."""
    from collections import deque

    def walk() -> None:
        start = ("scene", tuple(range(values)), (), 0)
        index: dict[tuple[Any, ...], int] = {start: 0}
        keys: list[tuple[Any, ...]] = [start]
        parents: list[int] = [-1]
        queue = deque([0])
        while queue and len(keys) < states:
            node = queue.popleft()
            scene, kept, visits, turn = keys[node]
            for way in range(ways):
                changed = list(kept)
                changed[way] += len(keys) + way  # always new: the walk never runs out early
                key = (scene, tuple(changed), visits, turn)
                if key not in index:
                    index[key] = len(keys)
                    keys.append(key)
                    parents.append(node)
                    queue.append(len(keys) - 1)

    with_collector = gc.isenabled()
    gc.disable()  # as the explorer walks
    try:
        return timed(walk)
    finally:
        if with_collector:
            gc.enable()


def explorer_rate(folder: Path, max_states: int) -> Figure:
    from game.tools.explore import Explorer

    story = load_story(folder)
    explorer = Explorer(story)
    explorer.explore(max_states=max_states)
    states = len(explorer.nodes)
    rate = states / explorer.elapsed if explorer.elapsed else 0.0
    return Figure(
        f"explorer, {story_size(story)} scenes",
        rate,
        None,
        unit="states/s",
        note=f"{states:,} states in {explorer.elapsed:.2f} s (bound {max_states:,})",
    )


def story_size(story: Any) -> str:
    return f"{len(story.scenes):,}"


# -- the TUI ---------------------------------------------------------------------------------------


def tui_figures(
    folder: Path, cache: Path, runs: int, presses: int, only: set[str] | None = None
) -> list[Figure]:
    """Start to first frame (fresh processes) and key to new scene (one fresh process for all
    its rounds), against bare Textual apps; skipped, and said so, when the TUI cannot be built.
    `only`: which of "tui-start" and "tui-key" to measure (both when None)."""
    import tui_bench

    wanted = {"tui-start", "tui-key"} if only is None else only & {"tui-start", "tui-key"}
    problem = tui_bench.unavailable()
    if problem:
        skipped = [
            Figure("TUI start to first interactive frame", None, None, 1.3, note=problem),
            Figure("choice key to new scene rendered", None, None, 1.5, note=problem),
        ]
        return [
            f for f, kind in zip(skipped, ("tui-start", "tui-key"), strict=True) if kind in wanted
        ]
    figures: list[Figure] = []
    script = HERE / "tui_bench.py"
    first = tui_bench.start_story()

    # .pyc files as an installed game has them: this checkout may run with bytecode writing
    # off (PYTHONDONTWRITEBYTECODE), which would make every start compile the game's modules.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def script_says(*arguments: object, timeout: float) -> str:
        """The last line `tui_bench.py` prints, run with `arguments` in a fresh process."""
        done = subprocess.run(
            [sys.executable, str(script), *map(str, arguments)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env=env,
        )
        if done.returncode != 0:
            raise RuntimeError(f"tui_bench {arguments[0]} failed:\n{done.stderr[-2000:]}")
        return done.stdout.strip().splitlines()[-1]

    def start(kind: str) -> float:
        return float(script_says("start", kind, first, cache, timeout=120))

    if "tui-start" in wanted:
        mine, base = in_turns(runs, lambda: start("ours"), lambda: start("floor"))
        figures.append(
            figure(
                "TUI start to first interactive frame",
                1.3,
                mine,
                base,
                note=f"fresh process, imports included; {first.relative_to(ROOT)}, in the cache "
                "(the title is drawn from its cover, the story opens after the first frame); "
                "floor: Static + Footer app",
            )
        )
    if "tui-key" in wanted:
        # in a process of its own, as a player's game is: not one holding the bench's other work
        keyed = json.loads(script_says("keys", folder, cache, presses, runs, timeout=600))
        text_first = median(keyed["ours, text"])
        fig = figure(
            "choice key to new scene rendered",
            1.5,
            keyed["ours"],
            keyed["floor"],
            note=f"median of {runs} rounds (each the median of {presses} keys, ours and the "
            f"floor's in turn) to the frame with the new text and choices, "
            f"{folder.name.removeprefix('s')}-scene story; floor: Markdown.update of the same "
            f"texts; the new text alone shows after {text_first * 1000:.1f} ms "
            f"(ratio {text_first / median(keyed['floor']):.2f})",
        )
        fig.runs["ours, new text only"] = keyed["ours, text"]
        fig.runs["ours, every key"] = keyed["ours keys"]
        fig.runs["floor, every key"] = keyed["floor keys"]
        figures.append(fig)
    return figures


def serve_figures(work: Path, runs: int) -> list[Figure]:
    """`goldilocks serve`: websocket open to the title on screen, against the TUI's own start
    (fresh processes both, in turn), and one visitor's game process's memory."""
    import serve_bench
    import tui_bench

    problem = serve_bench.unavailable() or tui_bench.unavailable()
    name = "serve: websocket open to title on screen"
    if problem:
        return [Figure(name, None, None, 1.5, note=problem)]
    story = tui_bench.start_story()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def tui_start() -> float:
        done = subprocess.run(
            [sys.executable, str(HERE / "tui_bench.py"), "start", "ours", story, work / "cache"],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
            env=env,
        )
        return float(done.stdout.strip().splitlines()[-1])

    with serve_bench.server(story, work / "players") as (base, pid):
        mine, base_runs = in_turns(runs, lambda: serve_bench.visit(base, pid)[0], tui_start)
        _took, rss, peak = serve_bench.visit(base, pid, measure_memory=True)
    return [
        figure(
            name,
            1.5,
            mine,
            base_runs,
            note=f"a visitor's wait: the server starts their game's process, which draws its "
            f"title, relayed and read through pyte; {story.relative_to(ROOT)}; floor: the TUI's "
            "own start (tui_bench start ours, a fresh process to its first frame)",
        ),
        Figure(
            "serve: one visitor's game process memory",
            rss,
            None,
            None,
            unit="MB",
            note=f"resident once the title is up (VmRSS); its peak so far {peak:.0f} MB (VmHWM)",
        ),
    ]


# -- the machine and the report --------------------------------------------------------------------


def machine() -> dict[str, Any]:
    import pydantic
    import textual

    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
        "pyyaml": yaml.__version__,
        "pydantic": pydantic.VERSION,
        "textual": textual.__version__,
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def show(figures: list[Figure], extra: dict[str, Any]) -> str:
    lines = [f"{'figure':44} {'ours':>11} {'floor':>11} {'ratio':>7} {'target':>7}  "]
    for fig in figures:
        ours = _value(fig.ours, fig.unit)
        floor = _value(fig.floor, fig.unit)
        ratio = f"{fig.ratio:.2f}" if fig.ratio is not None else "-"
        target = f"<= {fig.target:g}" if fig.target is not None else "-"
        verdict = {True: "ok", False: "MISSED", None: ""}[fig.passed]
        lines.append(f"{fig.name:44} {ours:>11} {floor:>11} {ratio:>7} {target:>7}  {verdict}")
        if fig.note:
            lines.append(f"    {fig.note}")
    for key, value in extra.items():
        lines.append(f"{key}: {value}")
    return "\n".join(lines)


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return f"{value * 1000:.1f} ms"
    return f"{value:,.0f} {unit}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 runs, fewer states and keys")
    parser.add_argument(
        "--json",
        nargs="?",
        const="",
        metavar="FILE",
        help="also write the results as JSON (default bench/results/<date>.json)",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        choices=FIGURES,
        metavar="FIGURE",
        help=f"measure only these figures ({', '.join(FIGURES)}); default: all",
    )
    parser.add_argument(
        "--sizes",
        nargs="+",
        type=int,
        choices=SIZES,
        metavar="N",
        help="story sizes for the cold and warm loads (100, 1000, 5000); default: all",
    )
    args = parser.parse_args(argv)
    only = set(args.only) if args.only else set(FIGURES)
    sizes = tuple(args.sizes) if args.sizes else SIZES
    runs = 3 if args.quick else 5
    began = time.perf_counter()
    info = machine()
    print(
        f"machine: {info['cores']} cores, Python {info['python']}, libyaml "
        f"{'yes' if info['libyaml'] else 'NO'}, load average {info['load_average']}",
        flush=True,
    )
    figures: list[Figure] = []
    extra: dict[str, Any] = {}
    memory: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="goldilocks-bench-") as temp:
        work = Path(temp)
        needed = set(sizes) if only & {"cold", "warm"} else set()
        if only & {"tui-key", "check", "explorer"}:
            needed.add(1_000)
        if only & {"memory", "check"}:
            needed.add(5_000)
        folders = {n: storygen.generate(work / f"s{n}", n) for n in SIZES if n in needed}
        cache = work / "cache"
        if "cold" in only:
            for n in sizes:
                figures.append(cold_load(folders[n], runs))
                print(show(figures[-1:], {}).splitlines()[1], flush=True)
        if "warm" in only:
            for n in sizes:
                warm, store = warm_load(folders[n], cache, runs)
                figures.append(warm)
                extra[f"cold load + storing the cache entry, {n} scenes"] = f"{store * 1000:.1f} ms"
                print(show(figures[-1:], {}).splitlines()[1], flush=True)
        if only & {"tui-start", "tui-key"}:
            tui = tui_figures(folders.get(1_000, work), cache, runs, 20 if args.quick else 50, only)
            figures.extend(tui)
            print(show(tui, {}), flush=True)
        if "check" in only:
            quick = max(1, runs // 2) if args.quick else runs
            checked = [check_story(folders[1_000], quick), check_story(folders[5_000], quick)]
            checked += exhaustive_check(folders[1_000], max(1, runs // 2) if args.quick else 3)
            checked.append(shipped_check(max(1, runs // 2) if args.quick else 3))
            figures.extend(checked)
            print("\n".join(show(checked, {}).splitlines()[1:]), flush=True)
        if "explorer" in only:
            figures.append(explorer_rate(folders[1_000], 20_000 if args.quick else 200_000))
        if "serve" in only:
            served = serve_figures(work, runs)
            figures.extend(served)
            print(show(served, {}), flush=True)
        if "memory" in only:
            memory = peak_memory(folders[5_000])
            extra["peak memory, 5,000 scenes"] = (
                f"{memory['load_peak_mb']:.0f} MB at peak, {memory['story_kept_mb']:.0f} MB "
                f"kept; the parsed YAML alone {memory['parsed_yaml_mb']:.0f} MB "
                f"(peak {memory['peak_vs_parsed']:.1f}x, kept {memory['kept_vs_parsed']:.1f}x); "
                f"files {memory['files_mb']:.1f} MB"
            )
            loaded, _ = peak_rss(folders[5_000], "load")
            checked, states = peak_rss(folders[5_000], "check")
            per_state = (checked - loaded) * 1024 * 1024 / max(1, states)
            memory.update(load_rss_mb=loaded, check_rss_mb=checked, check_states=states)
            extra["check --exhaustive's peak memory, 5,000 scenes"] = (
                f"{checked:,.0f} MB resident at peak (a process that only loads the story: "
                f"{loaded:,.0f} MB), {states:,} states expanded"
            )
            figures.append(
                Figure(
                    "check --exhaustive, 5,000 scenes: peak memory above a load, per state",
                    per_state,
                    1.0,
                    400.0,
                    unit="B",
                    note=(
                        f"({checked:,.0f} MB - {loaded:,.0f} MB) / {states:,} states; the "
                        "floor is 1 byte, so the ratio is bytes per state (target: 400)"
                    ),
                )
            )
    info["load_average_after"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    extra["whole run"] = f"{time.perf_counter() - began:.0f} s"
    print()
    print(show(figures, extra))
    if args.json is not None:
        write_json(args.json, info, figures, extra, memory)
    return 0 if all(f.passed is not False for f in figures) else 1


def write_json(
    target: str,
    info: dict[str, Any],
    figures: list[Figure],
    extra: dict[str, Any],
    memory: dict[str, float],
) -> None:
    stamp = datetime.now(UTC)
    path = Path(target) if target else HERE / "results" / f"{stamp:%Y-%m-%d-%H%M%S}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "when": stamp.isoformat(timespec="seconds"),
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "machine": info,
        "figures": [{**asdict(f), "ratio": f.ratio, "passed": f.passed} for f in figures],
        "memory": memory,
        "notes": extra,
    }
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {path}")


if __name__ == "__main__":
    sys.exit(main())
