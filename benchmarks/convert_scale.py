"""How ``cableparse convert`` scales: cables/s and peak memory for growing cables.csv archives.

For each size given with ``--cables`` it builds a synthetic cables.csv in a temporary folder by
repeating the real cables.csv rows found under ``../shared/corpus/raw`` (each copy gets a new row
id; the texts are unchanged), then runs ``python -m cableparse convert`` on it with ``--jobs``
workers (2 by default) and measures:

- wall time and cables/s;
- peak memory of the whole process tree (the convert process and its workers), sampled from
  /proc every 200 ms: the sum of RSS (what the target is stated in; shared pages of forked
  workers count once per process, so it overstates) and the sum of PSS (shared pages split);
- CPU time (user + system) of the tree, which machine load does not inflate, and from it the
  time the full archive would take on ``--jobs`` idle cores (``CPU s / cables × 251,287 / jobs``):
  on a shared, loaded machine the wall time measures the neighbours as much as the converter.

Targets: the full archive (251,287 cables, ~1.6 GB) in at most 3 minutes with 2 workers, and peak
memory at most 500 MB whatever the size.

    python benchmarks/convert_scale.py --cables 10000 50000
    python benchmarks/convert_scale.py --cables 251287 --json results.json
    python benchmarks/convert_scale.py --instructions 300   # instructions per row, which load cannot move
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = (ROOT / ".." / "shared" / "corpus" / "raw").resolve()
FULL_ARCHIVE = 251_287
TARGET_SECONDS = 180.0
TARGET_MEMORY_MB = 500.0

# A row starts at a line beginning "<id>","<M/D/YYYY H:MM>" (inside fields every quote is escaped).
_ROW_START = re.compile(rb'(?:^|\n)("\d{1,10}")(,"\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}(?::\d{2})?")')


def corpus_rows(corpus: Path) -> list[bytes]:
    """The rows of every cables.csv file under ``corpus`` (the ``.split`` copies left out), id field removed.

    Each row is kept from its date field on (``,"date",...``), newline-terminated, so a copy is
    ``"<new id>"`` + the rest.
    """
    rows: list[bytes] = []
    for path in sorted(corpus.rglob("*.csv")):
        if ".split" in str(path):
            continue
        data = path.read_bytes()
        starts = [m.start(1) for m in _ROW_START.finditer(data)]
        for begin, end in zip(starts, starts[1:] + [len(data)]):
            row = data[begin:end].rstrip(b"\r\n") + b"\n"
            id_end = row.index(b'",') + 1
            rows.append(row[id_end:])
    return rows


def build_archive(path: Path, cables: int, rows: list[bytes]) -> int:
    """Write a cables.csv of ``cables`` rows (the corpus rows over and over, new ids); its size."""
    with open(path, "wb", buffering=8 << 20) as handle:
        for number in range(1, cables + 1):
            handle.write(b'"%d"' % number)
            handle.write(rows[(number - 1) % len(rows)])
    return path.stat().st_size


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(child) for child in handle.read().split()]
    except OSError:
        return []


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo.extend(_children(current))
    return pids


def _kib(path: str, field: str) -> int:
    """A ``Field:  N kB`` value from a /proc file, in KiB (0 when the process is gone)."""
    try:
        with open(path) as handle:
            for line in handle:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class MemorySampler(threading.Thread):
    """Samples the process tree of ``pid`` until stopped; keeps the peak sums of RSS and PSS."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak_rss_kib = 0
        self.peak_pss_kib = 0
        self.peak_processes = 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            pids = _tree(self.pid)
            rss = sum(_kib(f"/proc/{p}/status", "VmRSS:") for p in pids)
            pss = sum(_kib(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids)
            self.peak_rss_kib = max(self.peak_rss_kib, rss)
            self.peak_pss_kib = max(self.peak_pss_kib, pss)
            self.peak_processes = max(self.peak_processes, len(pids))
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def run_convert(source: Path, output: Path, jobs: int, output_format: str) -> dict:
    """Time one ``cableparse convert`` run and measure its memory and CPU."""
    command = [sys.executable, "-m", "cableparse", "convert", str(source), "-o", str(output),
               "--jobs", str(jobs), "--format", output_format, "--quiet"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, stderr=subprocess.PIPE)
    sampler = MemorySampler(process.pid)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        raise SystemExit(f"convert failed ({process.returncode}): {stderr.decode(errors='replace')}")
    return {
        "seconds": seconds,
        "cpu_seconds": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "peak_rss_mb": sampler.peak_rss_kib / 1024,
        "peak_pss_mb": sampler.peak_pss_kib / 1024,
        "max_child_rss_mb": after.ru_maxrss / 1024,  # the largest single process (Linux: KiB)
        "processes": sampler.peak_processes,
    }


def _output_size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.iterdir())
    return path.stat().st_size if path.exists() else 0


def convert_instructions(workdir: Path, rows: list[bytes], count: int) -> int:
    """Machine instructions per row of a one-process ``convert`` (callgrind; load does not move it).

    Two runs, of one row and of ``count + 1`` rows, so start-up, imports and the grammar build drop out.
    The rows are the corpus rows in order (not the first one, which both runs share).
    """
    collected = []
    for size in (1, count + 1):
        source = workdir / f"instructions-{size}.csv"
        build_archive(source, size, rows)
        completed = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-m", "cableparse",
             "convert", str(source), "-o", str(workdir / f"instructions-{size}.jsonl"), "--jobs", "1", "--quiet"],
            capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONHASHSEED": "0"},
        )
        collected.append(int(re.search(r"Collected : (\d+)", completed.stderr).group(1)))
    return (collected[1] - collected[0]) // count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cables", type=int, nargs="+", default=[10_000, 50_000],
                        help=f"archive sizes to measure (up to {FULL_ARCHIVE:,}; default 10000 50000)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--format", choices=("jsonl", "text"), default="jsonl")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder with cables.csv rows")
    parser.add_argument("--workdir", type=Path, default=None, help="where to build the archives (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the archives and outputs")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument("--instructions", type=int, default=None, metavar="ROWS",
                        help="instead: count the instructions per row of a one-process convert of ROWS rows "
                             "(valgrind; about a minute for 300)")
    arguments = parser.parse_args(argv)

    if not arguments.corpus.is_dir():
        print(f"no corpus at {arguments.corpus}: the benchmark needs ../shared/corpus/raw", file=sys.stderr)
        return 2
    rows = corpus_rows(arguments.corpus)
    if not rows:
        print(f"no cables.csv rows under {arguments.corpus}", file=sys.stderr)
        return 2
    print(f"{len(rows):,} corpus rows, {sum(map(len, rows)) / len(rows):,.0f} bytes each on average", flush=True)

    workdir = Path(tempfile.mkdtemp(prefix="convert-scale-", dir=arguments.workdir))
    if arguments.instructions:
        try:
            per_row = convert_instructions(workdir, rows, arguments.instructions)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        print(f"{per_row / 1000:,.0f} thousand instructions per row (convert, one process, {arguments.instructions} rows)")
        return 0
    results = []
    try:
        header = (f"{'cables':>9} {'input MB':>9} {'seconds':>8} {'cables/s':>9} {'CPU s':>7} "
                  f"{'CPU ms/cable':>12} {'peak RSS MB':>12} {'peak PSS MB':>12} {'output MB':>10}  "
                  f"full archive: at this rate / on idle cores")
        print(header, flush=True)
        for count in arguments.cables:
            source = workdir / f"cables-{count}.csv"
            size = build_archive(source, count, rows)
            output = workdir / (f"out-{count}.jsonl" if arguments.format == "jsonl" else f"out-{count}")
            measured = run_convert(source, output, arguments.jobs, arguments.format)
            rate = count / measured["seconds"]
            result = {"cables": count, "input_bytes": size, "jobs": arguments.jobs, "format": arguments.format,
                      "cables_per_second": rate, "output_bytes": _output_size(output),
                      "projected_full_archive_seconds": FULL_ARCHIVE / rate,
                      "cpu_ms_per_cable": 1000 * measured["cpu_seconds"] / count,
                      "projected_full_archive_idle_seconds": measured["cpu_seconds"] / count * FULL_ARCHIVE
                      / min(arguments.jobs, os.cpu_count() or 1),
                      **measured}
            results.append(result)
            best = min(result["projected_full_archive_seconds"], result["projected_full_archive_idle_seconds"])
            verdict = "ok" if best <= TARGET_SECONDS else "over 3 min"
            memory = "ok" if measured["peak_rss_mb"] <= TARGET_MEMORY_MB else "over 500 MB"
            print(f"{count:>9,} {size / 2**20:>9,.0f} {measured['seconds']:>8.1f} {rate:>9,.0f} "
                  f"{measured['cpu_seconds']:>7.1f} {result['cpu_ms_per_cable']:>12.2f} {measured['peak_rss_mb']:>12,.0f} {measured['peak_pss_mb']:>12,.0f} "
                  f"{result['output_bytes'] / 2**20:>10,.0f}  {result['projected_full_archive_seconds']:,.0f} s / "
                  f"{result['projected_full_archive_idle_seconds']:,.0f} s ({verdict}; memory {memory})", flush=True)
            if not arguments.keep:
                source.unlink()
                shutil.rmtree(output, ignore_errors=True) if output.is_dir() else output.unlink(missing_ok=True)
                Path(str(output) + ".rejects.jsonl").unlink(missing_ok=True)
    finally:
        if not arguments.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"kept in {workdir}")
    if arguments.json:
        arguments.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
