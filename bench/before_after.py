"""Cold load of another copy of the engine against the same floors, for before/after figures.

    git archive <commit> game | tar -x -C /tmp/before
    python bench/before_after.py /tmp/before [RUNS]
    python bench/before_after.py . [RUNS]

Each run loads the synthetic stories (100, 1,000 and 5,000 scenes) with the engine found under
the given folder, next to `yaml.compose` of the same files, with the collector as Python starts
it (plain) and paused (strict), exactly as `run.py` times its cold figures.
"""

from __future__ import annotations

import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def main() -> None:
    engine_root = Path(sys.argv[1]).resolve()
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    sys.path[:0] = [str(engine_root), str(HERE)]
    import storygen
    import yaml

    from game.engine import expressions, load_story

    def forget() -> None:
        for value in vars(expressions).values():
            clear = getattr(value, "cache_clear", None)
            if clear is not None and value is not expressions.environment:
                clear()
        for name in ("_summaries", "_walked"):
            table = getattr(expressions, name, None)
            if isinstance(table, dict):
                table.clear()

    def timed(work: Callable[[], Any], before: Callable[[], None] | None = None) -> float:
        if before is not None:
            before()
        gc.collect()
        start = time.perf_counter()
        work()
        return time.perf_counter() - start

    with tempfile.TemporaryDirectory() as temp:
        for count in (100, 1_000, 5_000):
            folder = storygen.generate(Path(temp) / f"s{count}", count)
            files = sorted(folder.glob("*.yaml"))

            def floor(files: list[Path] = files) -> None:
                for path in files:
                    yaml.compose(path.read_bytes(), Loader=yaml.CSafeLoader)

            def paused() -> float:
                gc.disable()
                try:
                    return timed(floor)
                finally:
                    gc.enable()

            def ours(folder: Path = folder) -> float:
                return timed(lambda: load_story(folder), forget)

            ours(), timed(floor)
            mine, plain, strict = [], [], []
            for _ in range(runs):
                plain.append(timed(floor))
                strict.append(paused())
                mine.append(ours())
            m, p, s = (statistics.median(x) for x in (mine, plain, strict))
            print(
                f"{engine_root} {count}: ours {m * 1000:.1f} ms, floor {p * 1000:.1f} ms, "
                f"ratio {m / p:.2f}; collector paused: floor {s * 1000:.1f} ms, ratio {m / s:.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
