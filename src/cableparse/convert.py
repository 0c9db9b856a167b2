"""``convert``: whole archives → JSON Lines (or one normalized ``.txt`` per cable), in parallel.

How a run goes:

- The main process reads the containers (``containers.detect.read_raw``) and cuts the records
  into small chunks (``chunk_records`` records or ``chunk_bytes`` of text); the rows of a
  cables.csv come unsplit (``PendingRow``), as splitting them is most of a row's reading. Worker
  processes read those rows, parse each chunk (``reading.parse_raw``) and serialize it; the main process writes the results
  back in input order. At most ``window`` chunks are in flight at once, and the input is read only
  when there is room for a new chunk, so memory stays bounded whatever the input size (unlike
  ``multiprocessing.Pool.imap``, whose feeder thread would drain the whole input). ``jobs=1``
  runs in-process, without a pool.
- Nothing is lost: every input record becomes one output record, or one JSON line in the rejects
  file (a container piece that could not be read, a text that is not a cable, a strict-mode
  failure) naming its record number, path, member, row, offset and reason.
- Output goes to ``OUT.partial`` (a file, or a folder for the text format), renamed to ``OUT``
  only once complete, next to a small journal ``OUT.partial.journal`` that records how many input
  records and output bytes are fully written. SIGINT and SIGTERM stop the run cleanly (exit 130)
  and leave both; ``resume=True`` truncates the partial files to what the journal vouches for,
  skips that many input records (the input order is deterministic) and goes on, so the result
  equals an uninterrupted run's, without duplicates or gaps — even after a hard kill.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import BinaryIO, Callable

from cableparse.containers.base import RawCable, ReadResult, Rejected
from cableparse.containers.cablescsv import PendingRow
from cableparse.containers.detect import read_raw
from cableparse.model import ContainerKind, Source
from cableparse.progress import ByteTracker, Progress, input_size

__all__ = [
    "ConvertOptions",
    "ConvertSummary",
    "ConvertError",
    "convert",
    "convert_chunk",
    "format_summary",
    "reject_line",
    "safe_file_name",
    "JOURNAL_SUFFIX",
    "PARTIAL_SUFFIX",
]

PARTIAL_SUFFIX = ".partial"
JOURNAL_SUFFIX = ".partial.journal"
_JOURNAL_VERSION = 1
_NAMES_INDEX = ".names"  # inside a partial text folder: the file names written, one a line, in order
_JOURNAL_EVERY_SECONDS = 1.0
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_NAME_LIMIT = 120
_RESERVED_NAMES = frozenset(
    ["CON", "PRN", "AUX", "NUL"] + [f"COM{n}" for n in range(1, 10)] + [f"LPT{n}" for n in range(1, 10)]
)


class ConvertError(ValueError):
    """The run cannot start or go on as asked (bad options, a resume that does not match).

    ``usage`` is False for a failure met while running (a worker process died), True otherwise.
    """

    def __init__(self, message: str, *, usage: bool = True) -> None:
        super().__init__(message)
        self.usage = usage


@dataclass
class ConvertOptions:
    """What ``convert`` reads, where it writes and how."""

    sources: Sequence[str]
    """Files, folders, globs or archives; ``-`` for standard input."""
    output: str
    """The JSON Lines file, or the folder for ``format="text"``; ``-`` writes JSON Lines to stdout."""
    format: str = "jsonl"
    """``jsonl`` (one record per line) or ``text`` (one normalized ``.txt`` per cable)."""
    jobs: int | None = None
    """Worker processes; None uses every core; 1 runs in-process."""
    rejects: str | None = None
    """Where rejected records are listed; None: ``OUTPUT.rejects.jsonl`` (stderr when output is ``-``)."""
    strict: bool = False
    """Reject a cable at its first anomaly instead of keeping it with warnings."""
    quiet: bool = False
    """No progress bar and no summary."""
    resume: bool = False
    """Continue an interrupted run from its journal."""
    container: ContainerKind | str | None = None
    """Container kind for every input, instead of detecting it."""
    chunk_records: int = 64
    """Most records sent to a worker at once."""
    chunk_bytes: int = 1 << 20
    """Most text (characters) sent to a worker at once (a larger single cable goes alone)."""
    window: int | None = None
    """Most chunks in flight at once; None: twice the workers, plus one."""
    progress: bool | None = None
    """Show the progress bar; None: when standard error is a terminal and not ``quiet``."""


@dataclass
class ConvertSummary:
    """What a run did. ``read == parsed + rejected`` (counting a resumed run's earlier part)."""

    read: int = 0
    """Input records handled and written (to the output or to the rejects)."""
    parsed: int = 0
    """Cables written to the output."""
    with_warnings: int = 0
    """Of those, cables with at least one warning."""
    rejected: int = 0
    """Records written to the rejects file."""
    resumed_from: int = 0
    """Input records an earlier, interrupted run had written (0 without ``resume``)."""
    seconds: float = 0.0
    """Wall time of this run."""
    interrupted: bool = False
    """True when a signal stopped the run: the output is at ``partial``, the journal beside it."""
    output: str | None = None
    """Where the output is (the finished file or folder, or the partial one when interrupted)."""
    rejects: str | None = None
    """Where the rejects are (a path, or ``-`` for standard error)."""
    journal: str | None = None
    """The journal of an interrupted run; None when the run finished."""


# --- the worker side -----------------------------------------------------------------------------


def reject_line(number: int, source: Source | None, reason: str, reference_id: str | None = None) -> bytes:
    """One line of the rejects file (JSON, newline-terminated) for input record ``number``."""
    record = {
        "record": number,
        "path": source.path if source else None,
        "member": source.member if source else None,
        "row": source.row if source else None,
        "offset": source.offset if source else None,
        "container": source.container.value if source else None,
        "reference_id": reference_id,
        "reason": reason,
    }
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


@dataclass(slots=True)
class ChunkResult:
    """What a worker sends back for one chunk, ready to write."""

    lines: bytes = b""
    """JSON Lines of the parsed cables (``jsonl`` format)."""
    texts: list[tuple[str | None, int, bytes]] = field(default_factory=list)
    """``(reference id, record number, normalized text)`` of the parsed cables (``text`` format)."""
    rejects: bytes = b""
    """Lines of the rejects file."""
    parsed: int = 0
    with_warnings: int = 0
    rejected: int = 0


def convert_chunk(
    first_number: int, items: Sequence[ReadResult | PendingRow], strict: bool, text_format: bool
) -> ChunkResult:
    """Parse and serialize one chunk of records; ``first_number`` is the first one's record number.

    Rows of cables.csv come still unsplit (``PendingRow``) and are read here, in the worker.

    Never raises for a record: a parser failure (strict mode, or a bug) becomes a reject line, so
    one bad cable never stops a run of 250,000.
    """
    from cableparse.errors import CableParseError
    from cableparse.reading import parse_raw

    result = ChunkResult()
    lines: list[bytes] = []
    rejects: list[bytes] = []
    for number, item in enumerate(items, start=first_number):
        if isinstance(item, PendingRow):
            item = item.resolve()
        if isinstance(item, Rejected):
            rejects.append(reject_line(number, item.source, item.reason))
            continue
        archive_id = item.archive.reference_id if item.archive else None
        try:
            cable = parse_raw(item, strict=strict)
            if cable.warnings:
                not_a_cable = next((w for w in cable.warnings if w.code == "not-a-cable"), None)
                if not_a_cable is not None:
                    reason = not_a_cable.message
                    rejects.append(reject_line(number, item.source, reason, cable.reference_id or archive_id))
                    continue
            if text_format:
                from cableparse.output.text import to_text

                result.texts.append((cable.reference_id or archive_id, number, to_text(cable).encode("utf-8")))
            else:
                # The bytes ``model_dump_json().encode()`` gives, without the round trip through str.
                lines.append(cable.__pydantic_serializer__.to_json(cable))
        except CableParseError as error:
            rejects.append(reject_line(number, item.source, error.one_line(), archive_id))
            continue
        except Exception as error:  # a parser bug must cost one record, not the run
            reason = f"internal error: {type(error).__name__}: {error}"
            rejects.append(reject_line(number, item.source, reason, archive_id))
            continue
        result.parsed += 1
        result.with_warnings += bool(cable.warnings)
    if lines:
        lines.append(b"")
        result.lines = b"\n".join(lines)
    result.rejects = b"".join(rejects)
    result.rejected = len(rejects)
    return result


def _convert_job(job: tuple[int, list[ReadResult | PendingRow], bool, bool]) -> ChunkResult:
    """``convert_chunk`` on one pickled job (the function a worker process runs)."""
    return convert_chunk(*job)


def _worker_init() -> None:
    """Workers leave SIGINT and SIGTERM to the main process, which stops them in order.

    (A Ctrl-C in a terminal reaches the whole process group; a worker dying of it would break the
    pool before the main process could save its journal.)
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


# --- file names for the text format --------------------------------------------------------------


def safe_file_name(reference_id: str | None, number: int, used: set[str]) -> str:
    """A file name for one cable: its reference id, made safe and unique among ``used`` (updated).

    Only letters, digits, ``.``, ``_`` and ``-`` are kept (no separator, no leading dot), so the
    name can never point outside the output folder; uniqueness ignores case, for case-insensitive
    file systems. A cable without a usable id is named after its record number.
    """
    stem = _UNSAFE_NAME.sub("_", reference_id or "").strip("._-")[:_NAME_LIMIT]
    if not stem:
        stem = f"record-{number}"
    if stem.upper().split(".")[0] in _RESERVED_NAMES:
        stem = "_" + stem
    name = f"{stem}.txt"
    suffix = 2
    while name.lower() in used:
        name = f"{stem}-{suffix}.txt"
        suffix += 1
    used.add(name.lower())
    return name


# --- journal -------------------------------------------------------------------------------------


@dataclass
class _Journal:
    """What an interrupted run had fully written: enough to resume it exactly."""

    format: str
    sources: list[str]
    strict: bool
    container: str | None
    records: int = 0
    output_bytes: int = 0
    rejects_bytes: int = 0
    parsed: int = 0
    with_warnings: int = 0
    rejected: int = 0

    def save(self, path: str) -> None:
        """Write atomically (temporary file, then rename): a journal is whole or absent."""
        data = {"cableparse_journal": _JOURNAL_VERSION, **self.__dict__}
        temporary = f"{path}.tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
        os.replace(temporary, path)

    @classmethod
    def load(cls, path: str) -> _Journal | None:
        """The journal at ``path``, or None when there is none (or it is not one of ours)."""
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.pop("cableparse_journal", None) != _JOURNAL_VERSION:
            return None
        try:
            return cls(**data)
        except TypeError:
            return None

    def same_run(self, other: _Journal) -> bool:
        """Whether ``other`` describes the same inputs and settings (so resuming is sound)."""
        return (self.format, self.sources, self.strict, self.container) == (
            other.format, other.sources, other.strict, other.container,
        )


# --- sinks: where results are written ------------------------------------------------------------


class _ByteFile:
    """A binary file written at its end, counting its bytes; on resume, cut back to a known length."""

    def __init__(self, path: str, resume_bytes: int | None) -> None:
        self.path = path
        self.bytes = 0
        if resume_bytes is None:
            self._handle: BinaryIO = open(path, "wb")
            return
        try:
            size = os.path.getsize(path)
        except OSError:
            size = -1
        if size < resume_bytes:
            raise ConvertError(f"cannot resume: {path} is missing or shorter than its journal says")
        self._handle = open(path, "r+b")
        self._handle.truncate(resume_bytes)  # drop what was written after the last journal entry
        self._handle.seek(resume_bytes)
        self.bytes = resume_bytes

    def write(self, data: bytes) -> None:
        if data:
            self._handle.write(data)
            self.bytes += len(data)

    def flush(self) -> None:
        self._handle.flush()

    def sync(self) -> None:
        """Flush to the disk itself (before a rename makes the file official)."""
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def close(self) -> None:
        if not self._handle.closed:
            self._handle.close()


class _AppendFile:
    """An output file written through its ``.partial`` name, renamed into place when complete."""

    def __init__(self, final: str, resume_bytes: int | None) -> None:
        self.final = final
        self.partial = final + PARTIAL_SUFFIX
        self._file = _ByteFile(self.partial, resume_bytes)

    @property
    def bytes(self) -> int:
        return self._file.bytes

    def write(self, data: bytes) -> None:
        self._file.write(data)

    def flush(self) -> None:
        self._file.flush()

    def finish(self) -> None:
        """Sync, then rename into place: the final name only ever holds a whole file."""
        self._file.sync()
        self._file.close()
        os.replace(self.partial, self.final)

    def close(self) -> None:
        self._file.close()


class _Stream:
    """Standard output or standard error as a sink (no partial name, no resume)."""

    def __init__(self, stream: BinaryIO, label: str) -> None:
        self._stream = stream
        self.final = self.partial = label
        self.bytes = 0

    def write(self, data: bytes) -> None:
        if data:
            self._stream.write(data)
            self._stream.flush()  # keep whole lines together with what else goes there
            self.bytes += len(data)

    def flush(self) -> None:
        self._stream.flush()

    def finish(self) -> None:
        self._stream.flush()

    def close(self) -> None:
        self._stream.flush()


class _JsonlOutput:
    """JSON Lines output: the worker already joined the lines, so a chunk is one write."""

    def __init__(self, sink: _AppendFile | _Stream) -> None:
        self._sink = sink
        self.final = sink.final
        self.partial = sink.partial

    @property
    def bytes(self) -> int:
        return self._sink.bytes

    def write(self, result: ChunkResult) -> None:
        self._sink.write(result.lines)

    def flush(self) -> None:
        self._sink.flush()

    def finish(self) -> None:
        self._sink.finish()

    def close(self) -> None:
        self._sink.close()


class _TextOutput:
    """One ``.txt`` per cable in ``OUT.partial/``; the folder is renamed to ``OUT`` when complete.

    The names written are appended, in order, to an index inside the folder; the journal records
    the index's length, so a resumed run knows every name already taken (for de-duplication) and
    removes any file written after the last journal entry.
    """

    def __init__(self, final: str, resume_bytes: int | None) -> None:
        self.final = final
        self.partial = final + PARTIAL_SUFFIX
        self.used: set[str] = set()
        index_path = os.path.join(self.partial, _NAMES_INDEX)
        if resume_bytes is None:
            _remove_partial_folder(self.partial)
            os.mkdir(self.partial)
            self._index = _ByteFile(index_path, None)
            return
        self._index = _ByteFile(index_path, resume_bytes)
        with open(index_path, "rb") as handle:
            kept = set(handle.read(resume_bytes).decode("utf-8").split("\n")) - {""}
        self.used = {name.lower() for name in kept}
        for name in os.listdir(self.partial):
            if name != _NAMES_INDEX and name not in kept:  # written after the last journal entry
                os.remove(os.path.join(self.partial, name))

    @property
    def bytes(self) -> int:
        return self._index.bytes

    def write(self, result: ChunkResult) -> None:
        for reference_id, number, text in result.texts:
            name = safe_file_name(reference_id, number, self.used)
            with open(os.path.join(self.partial, name), "wb") as handle:
                handle.write(text)
            self._index.write(name.encode("utf-8") + b"\n")

    def flush(self) -> None:
        self._index.flush()

    def finish(self) -> None:
        self._index.close()
        os.remove(self._index.path)
        if os.path.isdir(self.final) and not os.listdir(self.final):
            os.rmdir(self.final)  # an empty folder the user made for us
        os.rename(self.partial, self.final)

    def close(self) -> None:
        self._index.close()


def _remove_partial_folder(path: str) -> None:
    """Remove an earlier run's partial folder (it holds only files), if it is there."""
    if not os.path.isdir(path):
        return
    for name in os.listdir(path):
        os.remove(os.path.join(path, name))
    os.rmdir(path)


# --- executors -----------------------------------------------------------------------------------


class _InlineExecutor:
    """``submit`` runs the call at once, in this process (``jobs=1``)."""

    def submit(self, function: Callable, *arguments) -> Future:
        future: Future = Future()
        try:
            future.set_result(function(*arguments))
        except Exception as error:  # surfaced by future.result(), as a pool would
            future.set_exception(error)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        return None


def _warm_up() -> None:
    """Build the parser once before forking (every worker inherits it instead of building it) and
    before freezing what the run keeps (see ``_start_executor``)."""
    from cableparse.parsing import parse

    try:
        parse("UNCLASSIFIED\n\nSUBJECT: WARM-UP\n\n1. TEXT.\n")
    except Exception:  # only a warm-up: a worker will meet (and report) any real problem
        pass


def _start_executor(jobs: int) -> tuple[ProcessPoolExecutor | _InlineExecutor, bool]:
    """In-process for one job; else the parser is built, then a pool of ``jobs`` workers forked.

    What exists once the parser is built (modules, the grammar's tables, pydantic's validators) lives
    as long as the run: it is frozen out of the cycle collector's sight (``gc.freeze``), so that the
    full collections of a long run, in the workers and here, no longer walk it every time (unless the
    caller froze objects of its own: then the collector is left as it is). The flag says whether
    ``_stop_executor`` is to give them back.
    """
    _warm_up()
    freezes = not gc.get_freeze_count()
    if freezes:
        gc.freeze()
    if jobs == 1:
        return _InlineExecutor(), freezes
    return _process_executor(jobs), freezes


def _stop_executor(executor: ProcessPoolExecutor | _InlineExecutor, frozen: bool) -> None:
    """Stop the workers (pending chunks cancelled) and give what was frozen back to the collector."""
    try:
        executor.shutdown(wait=True, cancel_futures=True)
    finally:
        if frozen:
            gc.unfreeze()


def _process_executor(jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` workers, started now (before any thread of ours exists)."""
    # fork shares the already-built parser; elsewhere (macOS, Windows) fork is unsafe or absent.
    context = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else multiprocessing.get_context()
    executor = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_init)
    # Start the workers now: a fork after the progress bar's or the pool's threads exist is unsafe.
    list(executor.map(int, range(jobs)))
    return executor


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# --- signals -------------------------------------------------------------------------------------


class _StopFlag:
    """Set by SIGINT/SIGTERM; the main loop stops at the next chunk boundary. A second signal aborts."""

    def __init__(self) -> None:
        self.signal: int | None = None
        self._previous: dict[int, object] = {}

    def __enter__(self) -> _StopFlag:
        if threading.current_thread() is threading.main_thread():
            for number in (signal.SIGINT, signal.SIGTERM):
                self._previous[number] = signal.signal(number, self._handle)
        return self

    def __exit__(self, *exc_info: object) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler)  # type: ignore[arg-type]

    def _handle(self, number: int, frame: object) -> None:
        if self.signal is not None:
            raise KeyboardInterrupt  # asked twice: stop now (the journal still vouches only for whole chunks)
        self.signal = number

    @property
    def stop(self) -> bool:
        return self.signal is not None


# --- the run -------------------------------------------------------------------------------------


def _chunks(
    results: Iterable[ReadResult | PendingRow], skip: int, max_records: int, max_bytes: int, tracker: ByteTracker
) -> Iterator[tuple[int, list[ReadResult | PendingRow], int]]:
    """``(first record number, records, input position)`` chunks, after skipping ``skip`` records."""
    items: list[ReadResult | PendingRow] = []
    size = 0
    first = 0
    position = 0
    for number, item in enumerate(results, start=1):
        pending = isinstance(item, PendingRow)
        position = tracker.position(item if pending else item.source)
        if number <= skip:
            continue
        if not items:
            first = number
        items.append(item)
        if pending:
            size += len(item.row)
        elif isinstance(item, RawCable):
            size += len(item.text)
        if len(items) >= max_records or size >= max_bytes:
            yield first, items, position
            items, size = [], 0
    if items:
        yield first, items, position


def _sources_key(sources: Sequence[str]) -> list[str]:
    """The sources as the journal records them (absolute paths; ``-`` as is)."""
    return [source if source == "-" else os.path.abspath(source) for source in map(os.fspath, sources)]


def _check_options(options: ConvertOptions) -> tuple[str, int]:
    """Validate the options; the format and the number of workers."""
    if options.format not in ("jsonl", "text"):
        raise ConvertError(f"unknown output format {options.format!r} (jsonl or text)")
    if not options.sources:
        raise ConvertError("no source given")
    jobs = default_jobs() if options.jobs is None else options.jobs
    if jobs < 1:
        raise ConvertError("--jobs must be at least 1")
    if options.output == "-":
        if options.format == "text":
            raise ConvertError("the text format writes a folder: give one with -o")
        if options.resume:
            raise ConvertError("--resume needs an output file, not standard output")
    else:
        parent = os.path.dirname(os.path.abspath(options.output))
        if not os.path.isdir(parent):
            raise ConvertError(f"the folder {parent} does not exist")
        if options.format == "jsonl" and os.path.isdir(options.output):
            raise ConvertError(f"{options.output} is a folder: JSON Lines output is a file (or use --format text)")
        if options.format == "text" and os.path.exists(options.output):
            if not os.path.isdir(options.output):
                raise ConvertError(f"{options.output} is a file: the text format writes a folder")
            if os.listdir(options.output):
                raise ConvertError(f"{options.output} is not empty: choose a new or empty folder")
    return options.format, jobs


def _say(message: str) -> None:
    print(f"cableparse: {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True, slots=True)
class _Written:
    """What is whole in the outputs: replaced by one assignment after each chunk is fully written.

    A signal that lands in the middle of a chunk's writes therefore never makes the journal vouch
    for half a chunk; a resumed run cuts the outputs back to these byte counts.
    """

    records: int = 0
    output_bytes: int = 0
    rejects_bytes: int = 0
    parsed: int = 0
    with_warnings: int = 0
    rejected: int = 0


class _Run:
    """One convert run: its outputs, its journal, and the read → work → write loop."""

    def __init__(self, options: ConvertOptions, output_format: str, jobs: int) -> None:
        self.options = options
        self.jobs = jobs
        self.text_format = output_format == "text"
        self.kind = ContainerKind(options.container) if isinstance(options.container, str) else options.container
        to_stdout = options.output == "-"
        self.journal_path = None if to_stdout else options.output.rstrip("/\\") + JOURNAL_SUFFIX
        self.journal = _Journal(output_format, _sources_key(options.sources), options.strict,
                                self.kind.value if self.kind else None)
        resume = self._resume_point()
        self.written = _Written(resume.records, resume.output_bytes, resume.rejects_bytes, resume.parsed,
                                resume.with_warnings, resume.rejected)
        self.resumed_from = resume.records
        resuming = resume is not self.journal
        rejects_target = options.rejects
        if rejects_target is None:
            rejects_target = "-" if to_stdout else options.output.rstrip("/\\") + ".rejects.jsonl"
        if to_stdout:
            self.output: _JsonlOutput | _TextOutput = _JsonlOutput(_Stream(sys.stdout.buffer, "-"))
        elif self.text_format:
            self.output = _TextOutput(options.output.rstrip("/\\"), resume.output_bytes if resuming else None)
        else:
            self.output = _JsonlOutput(_AppendFile(options.output, resume.output_bytes if resuming else None))
        try:
            if rejects_target == "-":
                self.rejects: _AppendFile | _Stream = _Stream(sys.stderr.buffer, "-")
            else:
                self.rejects = _AppendFile(rejects_target, resume.rejects_bytes if resuming else None)
        except BaseException:
            self.output.close()
            raise

    def _resume_point(self) -> _Journal:
        """The interrupted run's journal when resuming it, else the fresh journal (nothing written)."""
        if not self.options.resume or self.journal_path is None:
            return self.journal
        found = _Journal.load(self.journal_path)
        if found is None:
            if not self.options.quiet:
                _say(f"nothing to resume ({self.journal_path} not found): starting afresh")
            return self.journal
        if not found.same_run(self.journal):
            raise ConvertError(f"cannot resume: {self.journal_path} is from a run with other sources or options")
        if not self.options.quiet:
            _say(f"resuming after {found.records:,} records")
        return found

    def save_journal(self) -> None:
        """Flush the outputs, then record (atomically) how much of them is whole."""
        if self.journal_path is None:
            return
        self.output.flush()
        self.rejects.flush()
        written = self.written
        journal = self.journal
        journal.records, journal.parsed = written.records, written.parsed
        journal.with_warnings, journal.rejected = written.with_warnings, written.rejected
        journal.output_bytes = written.output_bytes
        journal.rejects_bytes = written.rejects_bytes if isinstance(self.rejects, _AppendFile) else 0
        journal.save(self.journal_path)

    def loop(self, executor: ProcessPoolExecutor | _InlineExecutor, window: int, progress: Progress,
             stop: _StopFlag) -> bool:
        """Read, submit, write in order. True when the input was read to its end, False when stopped."""
        options = self.options
        chunks = _chunks(
            read_raw(list(options.sources), kind=self.kind, defer_csv_rows=True), self.written.records,
            max(options.chunk_records, 1), max(options.chunk_bytes, 1), ByteTracker(),
        )
        in_flight: deque[tuple[Future, int, int]] = deque()
        exhausted = False
        last_journal = time.monotonic()
        while True:
            # Read only when a chunk may be sent: the window bounds memory, not the input size.
            while not stop.stop and not exhausted and len(in_flight) < window:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                first, items, position = chunk
                job = (first, items, options.strict, self.text_format)
                in_flight.append((executor.submit(_convert_job, job), len(items), position))
            if not in_flight:
                return not stop.stop
            if stop.stop and not in_flight[0][0].done():
                return False  # chunks still being worked on are dropped; the journal never counted them
            future, count, position = in_flight.popleft()
            result: ChunkResult = future.result()
            self.output.write(result)
            self.rejects.write(result.rejects)
            before = self.written
            self.written = _Written(
                before.records + count, self.output.bytes, self.rejects.bytes, before.parsed + result.parsed,
                before.with_warnings + result.with_warnings, before.rejected + result.rejected,
            )
            progress.advance(count, position)
            if self.journal_path is not None and time.monotonic() - last_journal >= _JOURNAL_EVERY_SECONDS:
                self.save_journal()
                last_journal = time.monotonic()

    def summary(self, seconds: float, finished: bool) -> ConvertSummary:
        written = self.written
        return ConvertSummary(
            read=written.records, parsed=written.parsed, with_warnings=written.with_warnings,
            rejected=written.rejected, resumed_from=self.resumed_from, seconds=seconds, interrupted=not finished,
            output=self.output.final if finished else self.output.partial,
            rejects=self.rejects.final if finished else self.rejects.partial,
            journal=None if finished else self.journal_path,
        )


def convert(options: ConvertOptions) -> ConvertSummary:
    """Convert every record of ``options.sources``; see the module docstring for the guarantees.

    Returns the summary (also printed to standard error unless ``quiet``); ``interrupted`` is set
    when SIGINT or SIGTERM stopped it. Raises ``ConvertError`` for options it cannot honour
    (before writing anything) and when a worker process dies (after saving the journal).
    """
    started = time.monotonic()
    output_format, jobs = _check_options(options)
    run = _Run(options, output_format, jobs)
    show_bar = options.progress if options.progress is not None else (not options.quiet and sys.stderr.isatty())
    window = options.window or (1 if jobs == 1 else 2 * jobs + 1)
    finished = False
    try:
        # Signals only set a flag from here on: the loop stops at a chunk boundary, the journal is
        # saved before the workers are stopped, and a second signal raises KeyboardInterrupt.
        with _StopFlag() as stop:
            executor, frozen = _start_executor(jobs)
            try:
                total = input_size(list(options.sources)) if show_bar else None
                progress = Progress(total, enabled=show_bar, initial_cables=run.written.records)
                try:
                    finished = run.loop(executor, window, progress, stop)
                finally:
                    progress.close()
                if not finished:
                    run.save_journal()
            finally:
                _stop_executor(executor, frozen)
        if finished:
            run.rejects.finish()
            run.output.finish()
            if run.journal_path is not None and os.path.exists(run.journal_path):
                os.remove(run.journal_path)
    except BrokenProcessPool as error:
        run.save_journal()
        run.output.close()
        run.rejects.close()
        raise ConvertError(f"a worker process died ({error}); what was written is kept: run again with --resume",
                           usage=False) from error
    except KeyboardInterrupt:  # a second signal
        finished = False
    if not finished:
        run.save_journal()
        run.output.close()
        run.rejects.close()
    summary = run.summary(time.monotonic() - started, finished)
    if not finished:
        kept = f"; partial output kept in {summary.output}: run again with --resume to finish" if summary.journal else ""
        _say(f"interrupted after {summary.read:,} records{kept}")
    if not options.quiet:
        _say(format_summary(summary))
    return summary


def format_summary(summary: ConvertSummary) -> str:
    """One line: read, parsed (with warnings), rejected, time and rate."""
    rate = (summary.read - summary.resumed_from) / summary.seconds if summary.seconds > 0 else 0.0
    where = ""
    if summary.rejected and summary.rejects:
        where = f" (listed in {'standard error' if summary.rejects == '-' else summary.rejects})"
    resumed = f", {summary.resumed_from:,} of them by the earlier run" if summary.resumed_from else ""
    return (
        f"read {summary.read:,} records{resumed}: {summary.parsed:,} parsed "
        f"({summary.with_warnings:,} with warnings), {summary.rejected:,} rejected{where}; "
        f"{summary.seconds:.1f} s, {rate:,.0f} records/s"
    )
