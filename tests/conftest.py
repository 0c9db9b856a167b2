"""Shared test helpers: fixtures and access to ../shared (skipped cleanly when it is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SHARED = (ROOT / ".." / "shared").resolve()


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the calling test with the reason."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared is not here ({path} missing): corpus tests need the shared folder")
    return path


def conformance_cases(feature: str) -> list[dict]:
    """The cablemap conformance cases of one feature (skips without ../shared)."""
    path = shared_path("conformance", "cablemap", f"{feature}.jsonl")
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def assert_conformance(feature: str, read, disputed: dict[str, str], target: float = 0.95) -> None:
    """Run ``read`` on the input of every conformance case of ``feature``; print the pass rate and fail
    below ``target``. A disputed case (where the cable's text says otherwise) must still disagree."""
    cases = conformance_cases(feature)
    passed, failures = 0, []
    for case in cases:
        got = read(case["input"])
        if case["id"] in disputed:
            assert got != case["expected"], f"disputed case now passes, drop it: {case['id']}"
            continue
        if got == case["expected"]:
            passed += 1
        else:
            failures.append((case["id"], got, case["expected"]))
    total = len(cases) - len(disputed)
    print(f"\n{feature} conformance: {passed}/{total} = {passed / total:.1%} (+{len(disputed)} disputed)")
    assert passed / total >= target, failures


def manifest_rows(kind: str | None = None, role: str = "cable") -> list[dict]:
    """Rows of corpus/MANIFEST.tsv joined with ANSWER_KEY.tsv, optionally of one kind."""
    corpus = shared_path("corpus")
    rows = _read_tsv(corpus / "MANIFEST.tsv")
    answers = {row["path"]: row for row in _read_tsv(corpus / "ANSWER_KEY.tsv")}
    out = []
    for row in rows:
        if kind is not None and row["kind"] != kind:
            continue
        if role is not None and row["role"] != role:
            continue
        merged = dict(row)
        merged["answer"] = answers.get(row["path"], {})
        merged["file"] = corpus / row["path"]
        out.append(merged)
    return out


def _read_tsv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        return [dict(zip(header, line.rstrip("\n").split("\t"))) for line in handle if line.strip()]


# Hypothesis profiles "ci" and "long" (tests/hypothesis_profiles.py), registered here so that they
# exist before Hypothesis' pytest plugin reads --hypothesis-profile.
import hypothesis_profiles  # noqa: E402,F401
