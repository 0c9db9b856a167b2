"""Speed of ``parse`` + JSON serialization, and the package's import time.

    python benchmarks/parse_speed.py [--shared ../shared] [--repeat 3] [--profile]

Texts are read from the corpus containers first (container reading is not timed). Two figures:

* cables/s on one core for "typical" cables (4-8 KB of text, about 6 KB on average) and for all of them;
* the ratio of that time to a baseline run in the same process over the same texts: splitting into
  lines, one regex scan per line and a JSON dump of the lines. The ratio is what to compare between
  machines and commits; cables/s depends on the machine.

It also times how cost grows with input size (the same cable repeated 1x, 4x, 16x), ``import
cableparse`` in a fresh interpreter, and import plus the first record (best of 5 each).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import cableparse  # noqa: E402
from cableparse.containers.base import RawCable  # noqa: E402
from cableparse.containers.detect import read_raw  # noqa: E402

_BASELINE_PATTERN = re.compile(r"^\s*(\d{1,3})\.\s+\(([A-Z/]{1,8})\)")


def corpus_texts(shared: Path, limit: int) -> list[str]:
    """Cable texts from the corpus csv rows and cablegate pages, as their containers give them."""
    raw = shared / "corpus" / "raw"
    paths = sorted(str(p) for p in raw.rglob("*.split/*.csv"))[: limit // 2]
    paths += sorted(str(p) for p in raw.rglob("*.html") if "/cable/" in str(p))[: limit // 2]
    return [item.text for item in read_raw(paths) if isinstance(item, RawCable)]


def baseline(texts: list[str]) -> None:
    for text in texts:
        lines = text.splitlines()
        marks = [m.groups() for m in map(_BASELINE_PATTERN.match, lines) if m]
        json.dumps({"lines": lines, "marks": marks})


def parse_all(texts: list[str]) -> None:
    for text in texts:
        cableparse.parse(text).model_dump_json()


def clear_caches() -> None:
    """Empty every ``functools`` cache of the package, so that each timed run meets its texts for the
    first time, as a conversion of an archive does (caches of repeated words and lines still fill
    within a run, as they do in a real archive). Unbounded caches (``functools.cache``) hold what a
    process builds once, such as the grammar and lookup indexes: they are kept."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("cableparse"):
            continue
        for value in list(vars(module).values()):
            info = getattr(value, "cache_info", None)
            if info is not None and info().maxsize is not None:
                value.cache_clear()


def best_time(function, texts: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        clear_caches()
        start = time.perf_counter()
        function(texts)
        times.append(time.perf_counter() - start)
    return min(times)


_FIRST_RECORD = "import cableparse; cableparse.parse(open('fixtures/09CHENGDU165.md').read()).model_dump_json()"


def startup_times(repeat: int = 5) -> tuple[float, float]:
    """Seconds, in a fresh interpreter less the interpreter's own start, to ``import cableparse``, and to
    import it and have the first record (the model and the grammar are built on first use)."""

    def run(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT / "src")})
        return time.perf_counter() - start

    bare = min(run("pass") for _ in range(repeat))
    imported = min(run("import cableparse") for _ in range(repeat))
    first = min(run(_FIRST_RECORD) for _ in range(repeat))
    return imported - bare, first - bare


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    arguments.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared folder (corpus)")
    arguments.add_argument("--limit", type=int, default=2000, help="how many corpus files to read")
    arguments.add_argument("--repeat", type=int, default=3, help="runs per measurement (best is kept)")
    arguments.add_argument("--profile", action="store_true", help="print a cProfile of parsing instead")
    options = arguments.parse_args()

    shared = Path(options.shared)
    if not (shared / "corpus").exists():
        print(f"no corpus at {shared}/corpus: nothing to measure", file=sys.stderr)
        return 2
    texts = corpus_texts(shared, options.limit)
    typical = [t for t in texts if 4000 <= len(t.encode("utf-8")) <= 8000]
    cableparse.parse(texts[0])  # build the grammar outside the timing
    clear_caches()

    if options.profile:
        import cProfile
        import pstats

        cProfile.runctx("parse_all(typical)", globals(), {"typical": typical}, "/tmp/cableparse.prof")
        pstats.Stats("/tmp/cableparse.prof").sort_stats("tottime").print_stats(25)
        return 0

    report = {}
    for name, group in (("typical", typical), ("all", texts)):
        parse_seconds = best_time(parse_all, group, options.repeat)
        baseline_seconds = best_time(baseline, group, options.repeat)
        report[name] = {
            "cables": len(group),
            "mean_kb": round(statistics.mean(len(t.encode("utf-8")) for t in group) / 1000, 1),
            "cables_per_second": round(len(group) / parse_seconds),
            "ratio_to_baseline": round(parse_seconds / baseline_seconds, 1),
        }

    sample = max(typical, key=len)
    growth = {}
    for factor in (1, 4, 16):
        text = sample + "\n".join([sample.split("\n", 20)[-1]] * (factor - 1))
        seconds = best_time(parse_all, [text], options.repeat)
        growth[f"x{factor}"] = {"kb": round(len(text) / 1000), "ms": round(seconds * 1000, 2)}
    report["growth"] = growth
    imported, first_record = startup_times()
    report["import_ms"] = round(imported * 1000)
    report["first_record_ms"] = round(first_record * 1000)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
