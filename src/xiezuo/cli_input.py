"""Reading a command's inputs: bytes from a file or stdin, decoded as the user says."""

from __future__ import annotations

import sys
from pathlib import Path

STDIO = "-"
STDIN_LABEL = "<stdin>"


class InputError(Exception):
    """An input that cannot be used; the message names the file and, where known, the place."""


def read_input(name: str, encoding: str) -> tuple[str, int]:
    """The decoded text of file `name` (`-`: stdin) and its size in bytes."""
    label = label_of(name)
    try:
        data = sys.stdin.buffer.read() if name == STDIO else Path(name).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{label}: no such file") from None
    except OSError as error:
        raise InputError(f"{label}: cannot read: {error.strerror or error}") from None
    return decode(data, encoding, label), len(data)


def decode(data: bytes, encoding: str, label: str) -> str:
    """`data` as text; `auto` asks charset-normalizer for the most likely encoding."""
    if encoding == "auto":
        if not data:
            return ""
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise InputError(f"{label}: cannot detect the encoding; pass it with --encoding")
        return str(best)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(
            f"{label}: not valid {encoding} at byte offset {error.start} ({error.reason}); "
            "pass the right --encoding, or --encoding auto"
        ) from None


def label_of(name: str) -> str:
    return STDIN_LABEL if name == STDIO else name
