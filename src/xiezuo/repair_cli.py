"""`xiezuo repair`: the text repair pipeline on the command line.

Inputs are read as bytes and decoded with ``--encoding`` (``auto`` asks
charset-normalizer); output is always UTF-8 and never goes over an input. An
input that cannot be read or decoded stops the run with exit status 2 after
everything before it has been written, and nothing of that input; in JSON
lines mode the records before a malformed line are kept.

The repair pipeline is imported only when a command runs, so that
``xiezuo --help`` does not wait for pypinyin's dictionaries.
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, Literal, TypeVar

from xiezuo.cli_input import STDIO, InputError, label_of, read_input

if TYPE_CHECKING:
    from xiezuo.cli import Subparsers
    from xiezuo.textrepair import Diagnosis, Step

DEFAULT_FIELD = "text"
SUMMARY_KEY = "repair"

# A progress bar appears on a terminal only for inputs at least this long.
PROGRESS_ITEMS = 200
PROGRESS_BYTES = 1_000_000
# Records per task for the process pool (and per progress update).
MAX_CHUNK = 256

Mode = Literal["repair", "explain", "diagnose"]

T = TypeVar("T")
R = TypeVar("R")


def add_parser(subparsers: Subparsers[argparse.ArgumentParser]) -> None:
    """Add `repair` to the `xiezuo` command."""
    repair = subparsers.add_parser(
        "repair",
        help="undo a mirror site's damage to Chinese text",
        description=(
            "Repair Chinese text damaged by mirror sites (Traditional conversion, pinyin readings, "
            "comma noise) and print it. Clean text comes back unchanged."
        ),
    )
    repair.add_argument("files", nargs="*", metavar="FILE", help="input files; none or `-` reads stdin")
    mode = repair.add_mutually_exclusive_group()
    mode.add_argument(
        "--explain", action="store_true", help="after the text, list each change: layer, span, before → after, note"
    )
    mode.add_argument("--diagnose", action="store_true", help="print only the damage the text shows; change nothing")
    repair.add_argument(
        "--json", action="store_true", help="with --explain or --diagnose: print one JSON object per input instead"
    )
    repair.add_argument(
        "--jsonl",
        action="store_true",
        help="the input is JSON lines: repair one field of each record and add a `repair` summary to it",
    )
    repair.add_argument("--field", metavar="NAME", help=f"with --jsonl: the field to repair (default: {DEFAULT_FIELD})")
    repair.add_argument(
        "-j",
        "--jobs",
        type=_positive_int,
        default=1,
        metavar="N",
        help="repair in N processes: records with --jsonl, whole files otherwise (default: 1, no pool)",
    )
    repair.add_argument(
        "--encoding",
        default="utf-8",
        help="encoding of the input, or `auto` to detect it (default: utf-8); the output is always UTF-8",
    )
    repair.add_argument(
        "-o", "--output", default=STDIO, metavar="FILE", help="write here instead of stdout; never one of the inputs"
    )
    repair.set_defaults(run=run)


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return number


# --- xiezuo repair -----------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    """Run `xiezuo repair`."""
    inputs: list[str] = args.files or [STDIO]
    problem = _usage_problem(args) or _path_problem(inputs, args.output)
    if problem:
        return _fail(problem)
    failures = 0
    try:
        with _Output(args.output) as out, _Runner(args.jobs) as runner:
            if args.jsonl:
                field = DEFAULT_FIELD if args.field is None else args.field
                failures = _repair_jsonl(inputs, field, out, runner, args)
            else:
                _repair_texts(inputs, out, runner, args)
    except InputError as error:
        return _fail(str(error))
    if failures:
        print(f"xiezuo repair: {failures} record(s) could not be repaired; see their `repair.error`", file=sys.stderr)
        return 1
    return 0


def _fail(message: str, command: str = "repair") -> int:
    print(f"xiezuo {command}: error: {message}", file=sys.stderr)
    return 2


def _usage_problem(args: argparse.Namespace) -> str | None:
    if args.json and args.jsonl:
        return "--jsonl already writes JSON; drop --json"
    if args.json and not (args.explain or args.diagnose):
        return "--json goes with --explain or --diagnose (for JSON lines input, use --jsonl)"
    if args.jsonl and args.diagnose:
        return "--diagnose does not combine with --jsonl: the `repair` summary of each record holds its diagnosis"
    if args.field is not None and not args.jsonl:
        return "--field only applies with --jsonl"
    if args.field == SUMMARY_KEY:
        return f"--field cannot be {SUMMARY_KEY!r}: that is where the summary goes"
    if args.encoding != "auto":
        try:
            b"a".decode(args.encoding)  # empty bytes would skip the lookup
        except UnicodeDecodeError:
            pass
        except LookupError:
            return f"unknown text encoding {args.encoding!r}"
    return None


def _path_problem(inputs: Sequence[str], output: str) -> str | None:
    """A missing input, or an output that is one of the inputs."""
    for name in inputs:
        if name == STDIO:
            continue
        path = Path(name)
        if not path.exists():
            return f"{name}: no such file"
        if path.is_dir():
            return f"{name}: is a directory"
    if output != STDIO and Path(output).is_dir():
        return f"{output}: is a directory"
    try:
        # `xiezuo repair a.txt >> a.txt` would write over the input through stdout.
        target = os.fstat(sys.stdout.fileno()) if output == STDIO else os.stat(output)
        sources = {label_of(name): _stat(name) for name in inputs}
    except (OSError, ValueError):  # the output does not exist yet, or stdio is no real file
        return None
    for label, status in sources.items():
        # Only a regular file can be overwritten: `/dev/stdin -o /dev/stdout` on a terminal is fine.
        if stat.S_ISREG(status.st_mode) and os.path.samestat(status, target):
            where = "stdout is that file" if output == STDIO else "choose another --output"
            return f"refusing to write the output over the input {label}; {where}"
    return None


def _stat(name: str) -> os.stat_result:
    return os.fstat(sys.stdin.fileno()) if name == STDIO else os.stat(name)


class _Output:
    """The UTF-8 byte stream the results go to: a file, or stdout (`-`)."""

    def __init__(self, name: str) -> None:
        self.stream: IO[bytes] = sys.stdout.buffer if name == STDIO else open(name, "wb")  # noqa: SIM115
        self._owned = name != STDIO

    def write(self, data: bytes) -> None:
        self.stream.write(data)

    def __enter__(self) -> _Output:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        if self._owned:
            self.stream.close()
        else:
            self.stream.flush()


class _Runner:
    """Maps a function over items in order: inline, or chunk by chunk in a process pool."""

    def __init__(self, jobs: int) -> None:
        # The pool starts its processes on the first task, not here.
        self._pool = ProcessPoolExecutor(max_workers=jobs) if jobs > 1 else None

    def map(self, func: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        if self._pool is None:
            return map(func, items)
        return self._pool.map(func, items)

    @property
    def parallel(self) -> bool:
        return self._pool is not None

    def __enter__(self) -> _Runner:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        if self._pool is not None:
            # After an error, tasks not started yet are dropped rather than waited for.
            self._pool.shutdown(wait=True, cancel_futures=True)


def _progress(total: int, nbytes: int, unit: str, stack: ExitStack) -> Any:
    """A tqdm bar on stderr, shown only on a terminal and for long inputs (else a no-op bar)."""
    from tqdm import tqdm  # type: ignore[import-untyped]

    show = sys.stderr.isatty() and (total > PROGRESS_ITEMS or nbytes > PROGRESS_BYTES)
    return stack.enter_context(tqdm(total=total, unit=unit, file=sys.stderr, disable=not show, leave=False))


def _repaired(text: str) -> tuple[str, list[Step], Diagnosis]:
    """`repair_and_explain(text)`, keeping the diagnosis it is based on."""
    from xiezuo.textrepair import apply_plan, diagnose, plan

    # The body of repair_and_explain, so that the summary does not diagnose twice.
    diagnosis = diagnose(text)
    fixed, steps = apply_plan(text, plan(diagnosis))
    return fixed, steps, diagnosis


# Plain text: one document per input.


@dataclass(frozen=True)
class _Document:
    label: str
    text: str
    mode: Mode
    json: bool
    show_label: bool


def _repair_texts(inputs: Sequence[str], out: _Output, runner: _Runner, args: argparse.Namespace) -> None:
    mode: Mode = "explain" if args.explain else "diagnose" if args.diagnose else "repair"
    show_label = len(inputs) > 1

    def document(name: str) -> tuple[_Document, int]:
        text, nbytes = read_input(name, args.encoding)
        return _Document(label_of(name), text, mode, args.json, show_label), nbytes

    with ExitStack() as stack:
        if not runner.parallel:
            sizes = [Path(name).stat().st_size for name in inputs if name != STDIO]
            bar = _progress(len(inputs), sum(sizes) if len(inputs) > 1 else 0, "file", stack)
            for name in inputs:
                out.write(_render(document(name)[0]))
                bar.update(1)
            return
        # The pool needs the documents up front: read them all, up to the first that fails.
        documents: list[_Document] = []
        failure: InputError | None = None
        nbytes = 0
        try:
            for name in inputs:
                doc, size = document(name)
                documents.append(doc)
                nbytes += size
        except InputError as error:
            failure = error
        bar = _progress(len(documents), nbytes if len(documents) > 1 else 0, "file", stack)
        for rendered in runner.map(_render, documents):
            out.write(rendered)
            bar.update(1)
    if failure is not None:
        raise failure


def _render(doc: _Document) -> bytes:
    """What `xiezuo repair` prints for one input (runs in the pool's processes)."""
    fixed, steps, diagnosis = _repaired(doc.text)
    if doc.mode == "repair":
        return fixed.encode("utf-8")
    if doc.json:
        payload: dict[str, object] = {"file": doc.label}
        if doc.mode == "diagnose":
            payload["diagnosis"] = diagnosis.as_dict()
        else:
            payload["text"] = fixed
            payload["steps"] = [step.as_dict() for step in steps]
        return (json.dumps(payload, ensure_ascii=False) + "\n").encode("utf-8")
    if doc.mode == "diagnose":
        prefix = f"{doc.label}: " if doc.show_label else ""
        return f"{prefix}{diagnosis}\n".encode()
    separator = "\n" if fixed and not fixed.endswith("\n") else ""
    return (fixed + separator + "".join(format_step(step) + "\n" for step in steps)).encode("utf-8")


def format_step(step: Step) -> str:
    """One line for `--explain`: layer, span in that layer's input, before → after, note.

    >>> from xiezuo.textrepair import Step
    >>> format_step(Step("punctuation", 10, 12, ",,", "，", "comma in Chinese text"))
    'punctuation     10-12     ",," → "，"  comma in Chinese text'
    """

    def quoted(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    line = f"{step.layer:<11} {step.start:>6}-{step.end:<6} {quoted(step.before)} → {quoted(step.after)}  {step.note}"
    return line.rstrip()


# JSON lines: records repaired chunk by chunk.


@dataclass(frozen=True)
class _Chunk:
    label: str
    field: str
    explain: bool
    lines: list[tuple[int, str]]  # (line number, line)


@dataclass(frozen=True)
class _ChunkResult:
    output: bytes  # the records repaired, as UTF-8 JSON lines
    failures: int  # records whose repair raised
    error: str | None  # a malformed line: the chunk stops before it


def _repair_jsonl(inputs: Sequence[str], field: str, out: _Output, runner: _Runner, args: argparse.Namespace) -> int:
    failures = 0
    for name in inputs:
        text, nbytes = read_input(name, args.encoding)
        text = text.removeprefix("\ufeff")
        # Only "\n" ends a record: U+2028 and friends may stand unescaped inside JSON strings.
        lines = [(number, line) for number, line in enumerate(text.split("\n"), 1) if line.strip()]
        size = _chunk_size(len(lines), args.jobs)
        label = label_of(name)
        chunks = [_Chunk(label, field, args.explain, lines[i : i + size]) for i in range(0, len(lines), size)]
        with ExitStack() as stack:
            bar = _progress(len(lines), nbytes, "record", stack)
            for chunk, result in zip(chunks, runner.map(_repair_chunk, chunks), strict=True):
                out.write(result.output)
                failures += result.failures
                if result.error is not None:
                    raise InputError(result.error)
                bar.update(len(chunk.lines))
    return failures


def _chunk_size(records: int, jobs: int) -> int:
    """Small enough that every process gets several tasks, large enough to be worth sending."""
    if jobs == 1:
        return MAX_CHUNK
    return max(1, min(MAX_CHUNK, -(-records // (jobs * 4))))


def _repair_chunk(chunk: _Chunk) -> _ChunkResult:
    """Repair the records of one chunk (runs in the pool's processes)."""
    output: list[bytes] = []
    failures = 0
    for number, line in chunk.lines:
        where = f"{chunk.label}: line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            message = f"{where}: malformed JSON: {error.msg} (column {error.colno})"
            return _ChunkResult(b"".join(output), failures, message)
        except RecursionError:
            return _ChunkResult(b"".join(output), failures, f"{where}: JSON nested too deeply")
        if not isinstance(record, dict):
            return _ChunkResult(b"".join(output), failures, f"{where}: expected a JSON object, found {_kind(record)}")
        failures += not _repair_record(record, chunk.field, chunk.explain)
        output.append(_json_line(record))
    return _ChunkResult(b"".join(output), failures, None)


def _repair_record(record: dict[str, Any], field: str, explain: bool) -> bool:
    """Repair `record[field]` in place and add the summary; False when the repair itself failed."""
    if field not in record:
        record[SUMMARY_KEY] = {"error": f"no field {field!r}"}
        return True
    value = record[field]
    if not isinstance(value, str):
        record[SUMMARY_KEY] = {"error": f"field {field!r} is {_kind(value)}, not a string"}
        return True
    try:
        fixed, steps, diagnosis = _repaired(value)
    except Exception as error:  # one bad record must not end a run over millions
        record[SUMMARY_KEY] = {"error": f"repair failed: {type(error).__name__}: {error}"}
        return False
    record[field] = fixed
    summary: dict[str, object] = {
        "layers": list(dict.fromkeys(step.layer for step in steps)),
        "changes": len(steps),
        "diagnosis": diagnosis.as_dict(),
    }
    if explain:
        summary["steps"] = [step.as_dict() for step in steps]
    record[SUMMARY_KEY] = summary
    return True


def _json_line(record: dict[str, Any]) -> bytes:
    line = json.dumps(record, ensure_ascii=False)
    try:
        return (line + "\n").encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a `\ud800` escape: keep it escaped
        return (json.dumps(record) + "\n").encode("ascii")


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    kinds = {dict: "an object", list: "an array", str: "a string", type(None): "null"}
    return kinds.get(type(value), type(value).__name__)
