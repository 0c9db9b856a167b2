"""Instructions per cable of ``parse`` + JSON, counted by valgrind: a measure that load cannot move.

    python benchmarks/parse_instructions.py [--shared ../shared] [--cables 100]

``parse_speed.py`` measures seconds, which on a shared machine move with the neighbours (±25% seen
with other processes busy). Here valgrind's callgrind counts the machine instructions executed, which
are the same run after run whatever else the machine does. Each workload is run twice under
callgrind, with no cable and with ``--cables`` typical cables (after the same warm-up), and the
difference is divided by the number of cables, so start-up, imports and the grammar build drop out.
The baseline of ``parse_speed.py`` is counted the same way; the ratio of the two is printed too.
Needs ``valgrind`` on the PATH; a run takes a few minutes (valgrind runs Python about 50x slower).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

_COLLECTED = re.compile(r"Collected : (\d+)")
_WARM_UP = 50


def run_workload(texts_file: str, workload: str, count: int) -> None:
    """What runs under valgrind: warm up, empty the caches, then the workload on ``count`` texts."""
    from parse_speed import baseline, clear_caches, parse_all

    texts = pickle.loads(Path(texts_file).read_bytes())
    parse_all(texts[:_WARM_UP])
    baseline(texts[:_WARM_UP])
    clear_caches()
    work = texts[_WARM_UP : _WARM_UP + count]
    (parse_all if workload == "parse" else baseline)(work)


def instructions(texts_file: str, workload: str, count: int) -> int:
    completed = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
         "--run", texts_file, workload, str(count)],
        capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},  # string hashes, hence set orders, fixed from run to run
    )
    return int(_COLLECTED.search(completed.stderr).group(1))


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    arguments.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared folder (corpus)")
    arguments.add_argument("--cables", type=int, default=100, help="typical cables counted (default 100)")
    arguments.add_argument("--run", nargs=3, help=argparse.SUPPRESS)
    options = arguments.parse_args()
    if options.run:
        run_workload(options.run[0], options.run[1], int(options.run[2]))
        return 0
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: nothing to count", file=sys.stderr)
        return 2
    from parse_speed import corpus_texts

    shared = Path(options.shared)
    if not (shared / "corpus").exists():
        print(f"no corpus at {shared}/corpus: nothing to measure", file=sys.stderr)
        return 2
    texts = [t for t in corpus_texts(shared, 2000) if 4000 <= len(t.encode("utf-8")) <= 8000]
    with tempfile.NamedTemporaryFile(suffix=".pickle", delete=False) as handle:
        handle.write(pickle.dumps(texts[: _WARM_UP + options.cables]))
    try:
        per_cable = {}
        for workload in ("parse", "baseline"):
            empty = instructions(handle.name, workload, 0)
            full = instructions(handle.name, workload, options.cables)
            per_cable[workload] = (full - empty) / options.cables
    finally:
        Path(handle.name).unlink()
    print(json.dumps({
        "cables": options.cables,
        "parse_json_kilo_instructions_per_cable": round(per_cable["parse"] / 1000),
        "baseline_kilo_instructions_per_cable": round(per_cable["baseline"] / 1000),
        "ratio_to_baseline": round(per_cable["parse"] / per_cable["baseline"], 1),
    }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
