"""Snapshot every record the corpus gives, and later list what a change altered, field by field.

    python benchmarks/output_snapshot.py save /tmp/before.jsonl     # before a change
    python benchmarks/output_snapshot.py diff /tmp/before.jsonl [--show 10] [--field paragraphs]

A speed change must leave every record as it was; a fix must change only what it means to. ``save``
reads every file of ``../shared/corpus/MANIFEST.tsv`` (PDFs aside) with ``cableparse.read_results``
and writes one line per record (provenance aside), keyed by path and position. ``diff`` reads them again
and prints how many records changed in each field, with examples. The snapshot holds corpus text: keep
it outside the project.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from cableparse.containers.base import Rejected  # noqa: E402
from cableparse.reading import read_results  # noqa: E402


def records(corpus: Path) -> Iterator[tuple[str, dict]]:
    """(key, record as JSON data) for every record of the corpus, in manifest order."""
    lines = (corpus / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    for relative in (line.split("\t")[0] for line in lines):
        if relative.endswith(".pdf"):
            continue
        for position, result in enumerate(read_results([str(corpus / relative)])):
            key = f"{relative}#{position}"
            if isinstance(result, Rejected):
                yield key, {"rejected": result.reason}
            else:
                yield key, json.loads(result.model_dump_json(exclude={"source"}))


def save(corpus: Path, path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for key, record in records(corpus):
            out.write(json.dumps({"key": key, "record": record}) + "\n")


def diff(corpus: Path, path: Path, show: int, only: str | None) -> None:
    before = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            before[item["key"]] = item["record"]
    changed: Counter[str] = Counter()
    examples: dict[str, list[tuple[str, object, object]]] = defaultdict(list)
    seen = set()
    for key, record in records(corpus):
        seen.add(key)
        old = before.get(key)
        if old is None:
            changed["(new record)"] += 1
            continue
        for field in sorted(set(old) | set(record)):
            if (only is None or field == only) and old.get(field) != record.get(field):
                changed[field] += 1
                if len(examples[field]) < show:
                    examples[field].append((key, old.get(field), record.get(field)))
    print(f"{len(seen)} records, {len(set(before) - seen)} missing, changed fields: {dict(changed) or 'none'}")
    for field, cases in examples.items():
        print(f"\n== {field}")
        for key, old, new in cases:
            print(f"  {key}\n    before: {json.dumps(old)[:400]}\n    after:  {json.dumps(new)[:400]}")


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    arguments.add_argument("command", choices=("save", "diff"))
    arguments.add_argument("snapshot", type=Path, help="the snapshot file (outside the project)")
    arguments.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder")
    arguments.add_argument("--show", type=int, default=10, help="examples per changed field")
    arguments.add_argument("--field", default=None, help="compare this field only")
    options = arguments.parse_args()
    corpus = options.shared / "corpus"
    if not (corpus / "MANIFEST.tsv").exists():
        print(f"no corpus at {corpus}: nothing to snapshot", file=sys.stderr)
        return 2
    if options.command == "save":
        save(corpus, options.snapshot)
    else:
        diff(corpus, options.snapshot, options.show, options.field)
    return 0


if __name__ == "__main__":
    sys.exit(main())
