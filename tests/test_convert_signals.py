"""A real ``python -m cableparse convert`` stopped by SIGTERM or SIGINT mid-run, then resumed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_convert_data import write_csv

ROWS = 1500
pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals needed")


def _command(source: Path, output: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "cableparse", "convert", str(source), "-o", str(output), "--jobs", "2", *extra]


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> tuple[Path, Path]:
    """A made-up cables.csv and its uninterrupted conversion."""
    folder = tmp_path_factory.mktemp("signals")
    source = write_csv(folder / "cables.csv", ROWS)
    reference = folder / "reference.jsonl"
    done = subprocess.run(_command(source, reference, "--quiet"), capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    return source, reference


def _wait_for_first_write(path: Path, process: subprocess.Popen, limit: float = 30.0) -> None:
    """Return once ``path`` holds some output (the run is under way and has written a chunk)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if path.exists() and path.stat().st_size > 0:
            return
        if process.poll() is not None:
            pytest.fail("the run ended before it could be interrupted")
        time.sleep(0.01)
    pytest.fail("no output appeared")


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_interrupted_run_resumes_to_the_same_output(archive, tmp_path, signal_number):
    source, reference = archive
    output = tmp_path / "out.jsonl"
    partial = tmp_path / "out.jsonl.partial"
    journal_path = tmp_path / "out.jsonl.partial.journal"

    process = subprocess.Popen(_command(source, output), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_for_first_write(partial, process)
    process.send_signal(signal_number)
    _, stderr = process.communicate(timeout=60)

    assert process.returncode == 130, stderr.decode()
    assert b"--resume" in stderr
    assert not output.exists(), "an interrupted run must not leave a file that looks finished"
    assert partial.exists() and journal_path.exists()
    journal = json.loads(journal_path.read_text())
    assert 0 < journal["records"] < ROWS, "stopped mid-run"
    assert journal["output_bytes"] == partial.stat().st_size
    assert len(partial.read_bytes().splitlines()) == journal["records"]  # every record of this archive parses

    resumed = subprocess.run(_command(source, output, "--resume"), capture_output=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr.decode()
    assert f"resuming after {journal['records']:,} records".encode() in resumed.stderr
    assert f"read {ROWS:,} records".encode() in resumed.stderr
    assert not partial.exists() and not journal_path.exists()
    assert output.read_bytes().splitlines() == reference.read_bytes().splitlines()


def test_summary_goes_to_stderr_and_output_to_stdout(tmp_path):
    source = write_csv(tmp_path / "cables.csv", 3)
    done = subprocess.run(
        [sys.executable, "-m", "cableparse", "convert", str(source), "-o", "-", "--jobs", "1"],
        capture_output=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr.decode()
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [record["reference_id"] for record in records] == ["09BEIJING1", "09BEIJING2", "09BEIJING3"]
    assert b"read 3 records: 3 parsed (0 with warnings), 0 rejected" in done.stderr


def test_bad_arguments_exit_2(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "cableparse", "convert", str(tmp_path), "-o", "-", "--format", "text"],
        capture_output=True, timeout=60,
    )
    assert done.returncode == 2 and b"folder" in done.stderr
    assert os.listdir(tmp_path) == []
