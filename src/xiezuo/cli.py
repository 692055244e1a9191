"""The `xiezuo` command: one parser, with subcommands that live in their own modules.

A subcommand module has one entry point, ``add_parser(subparsers)``: it adds its
subparser(s) and binds each to the function that runs it with
``set_defaults(run=...)``, a ``run(args) -> int`` returning the exit status.
Adding a subcommand (extract, ingest, serve) means writing such a module and
listing it in `SUBCOMMANDS`; nothing else here changes.

Exit status: 0 success, 1 failure of the work itself, 2 bad usage or input.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Protocol

from xiezuo import __version__, demo_cli, extract_cli, ingest_cli, repair_cli, serve_cli

Subparsers = argparse._SubParsersAction  # the type of `ArgumentParser.add_subparsers()`


class Subcommand(Protocol):
    """What a subcommand module provides."""

    def add_parser(self, subparsers: Subparsers[argparse.ArgumentParser]) -> None: ...


# In the order `xiezuo --help` lists them.
SUBCOMMANDS: tuple[Subcommand, ...] = (repair_cli, extract_cli, ingest_cli, demo_cli, serve_cli)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xiezuo",
        description="Xiezuo (协作): tools for East–West cooperation reports.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in SUBCOMMANDS:
        module.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line `argv` (default: ``sys.argv[1:]``) and return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] | None = getattr(args, "run", None)
    if run is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`xiezuo repair big.jsonl | head`): stop quietly,
        # and keep Python from complaining again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
