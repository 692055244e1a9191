"""`xiezuo ingest PATH ...`: store reports and their proposals in the ledger's database, in batch.

Folders are walked (recursively) for *.txt, *.htm and *.html; files named on the command line are read
whatever their name. Each file is stored on its own (`reports.services.add_report`), so one bad file
does not stop the rest; the summary lists every file as new, duplicate (the same report is in that
pairing already) or failed, with the reason. Exit status 1 when any file failed, 0 otherwise, 2 for bad
usage (unknown pairing or user, unmigrated database).

The database is the one `xiezuo serve` uses: SQLite under ./var (XIEZUO_VAR moves it) unless
DATABASE_URL names another. It must be migrated: `--migrate` applies the migrations first (as
`xiezuo serve` does); without it an unmigrated database is refused with a message saying so, so that a
mistyped DATABASE_URL does not quietly create a new database.

The reports are added as `--user` (default: the only superuser, if there is exactly one), who must
edit the pairing. `--pairing` names it by id, name or label (温州湾新区、龙湾区—仪陇县); without it each
report goes to the most specific pairing, among those the user edits, that its facts name.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xiezuo.cli import Subparsers

REPORT_SUFFIXES = (".txt", ".htm", ".html")
NEW, DUPLICATE, FAILED = "new", "duplicate", "failed"


def add_parser(subparsers: Subparsers[argparse.ArgumentParser]) -> None:
    ingest = subparsers.add_parser(
        "ingest",
        help="store reports (text or saved web pages) and their proposals in the ledger",
        description=(
            "Store reports and the proposals read from them in the ledger's database, for review in the web "
            "UI. Folders are walked for *.txt, *.htm and *.html. Prints a summary: new, duplicate, failed "
            "(with the reason). Exit status 1 when any file failed. The database is SQLite under ./var "
            "(XIEZUO_VAR moves it) unless DATABASE_URL names another; it must be migrated (see --migrate)."
        ),
    )
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders of them")
    ingest.add_argument(
        "--pairing",
        metavar="PK_OR_LABEL",
        help="the pairing the reports belong to (id, name or label); default: the one each report names",
    )
    ingest.add_argument(
        "--published",
        type=_date,
        metavar="YYYY-MM-DD",
        help="the publication date: fills in the year of dates given without one",
    )
    ingest.add_argument(
        "--encoding", default="auto", help="encoding of text files: auto (default), utf-8, gbk, gb18030, big5 …"
    )
    ingest.add_argument(
        "--user", metavar="USERNAME", help="who adds the reports (default: the only superuser, if there is one)"
    )
    ingest.add_argument("--source-url", default="", metavar="URL", help="where the reports come from")
    ingest.add_argument("--migrate", action="store_true", help="apply the database migrations first")
    ingest.add_argument(
        "--progress",
        choices=("auto", "always", "never"),
        default="auto",
        help="progress bar on stderr: auto (on a terminal), always or never",
    )
    ingest.set_defaults(run=run_ingest)


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from None


class UsageError(Exception):
    """Something about the command as a whole (not one file) that stops it: exit status 2."""


@dataclass
class Outcome:
    path: str
    status: str  # new, duplicate, failed
    detail: str  # the report, or why the file failed


def report_files(paths: Iterable[str]) -> Iterator[tuple[str, Path | None, str]]:
    """(name as given or found, path, problem) for each file: folders walked, sorted, missing paths named."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)
            if not found:
                yield given, None, f"no *.txt, *.htm or *.html files in the folder {given}"
            for file in found:
                yield str(file), file, ""
        elif path.is_file():
            yield given, path, ""
        elif path.exists():
            yield given, None, f"{given}: not a file or folder"
        else:
            yield given, None, f"{given}: no such file or folder"


def run_ingest(args: argparse.Namespace) -> int:
    setup_django()
    from django.utils import translation

    with translation.override("en"):  # like every other `xiezuo` command
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        check_database(migrate=args.migrate)
        actor = find_user(args.user)
        pairing = find_pairing(args.pairing, actor) if args.pairing else None
    except UsageError as error:
        print(f"xiezuo ingest: {error}", file=sys.stderr)
        return 2
    files = list(report_files(args.paths))
    outcomes = ingest_files(
        files,
        actor=actor,
        pairing=pairing,
        published=args.published,
        encoding=args.encoding,
        source_url=args.source_url,
        progress=_show_progress(args.progress),
    )
    print(summary(outcomes))
    return 1 if any(o.status == FAILED for o in outcomes) else 0


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiezuo.web.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def check_database(*, migrate: bool) -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    database = settings.DATABASES["default"]
    where = database["NAME"] if database["ENGINE"].endswith("sqlite3") else f"{database['ENGINE']} {database['NAME']}"
    if migrate:
        call_command("migrate", interactive=False, verbosity=0)
        return
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        raise UsageError(f"cannot use the database {where}: {error}") from None
    if pending:
        raise UsageError(
            f"the database {where} is not migrated ({len(pending)} migration(s) to apply): "
            "run again with --migrate, or run `xiezuo serve` once"
        )


def find_user(username: str | None) -> Any:
    from django.contrib.auth import get_user_model

    users = get_user_model()._default_manager
    if username:
        user = users.filter(username=username, is_active=True).first()
        if user is None:
            raise UsageError(f"no active user called {username}")
        return user
    superusers = list(users.filter(is_superuser=True, is_active=True)[:2])
    if len(superusers) != 1:
        raise UsageError("say who adds the reports with --user USERNAME (there is not exactly one superuser)")
    return superusers[0]


def find_pairing(wanted: str, actor: Any) -> Any:
    """The pairing with this id, name or label that the actor edits."""
    from xiezuo.apps.pairings.models import Pairing

    text = wanted.strip()
    if text.isdigit():
        found = list(Pairing.objects.filter(pk=int(text)))
    else:
        # 温州湾新区、龙湾区—仪陇县 and 温州湾新区、龙湾区 — 仪陇县 are the same label.
        key = "".join(text.split())
        found = [
            p
            for p in Pairing.objects.order_by("pk").only("pk", "name", "label")
            if key in ("".join(p.name.split()), "".join(p.label.split()))
        ]
    if not found:
        raise UsageError(f"no pairing has the id, name or label {text!r}")
    if len(found) > 1:
        raise UsageError(
            f"several pairings are called {text!r} (ids {', '.join(str(p.pk) for p in found)}): give the id"
        )
    pairing = found[0]
    if not Pairing.objects.editable_by(actor).filter(pk=pairing.pk).exists():
        raise UsageError(f"{actor} may not add reports to {pairing}")
    return pairing


def _show_progress(choice: str) -> bool:
    if choice == "auto":
        return sys.stderr.isatty()
    return choice == "always"


def ingest_files(
    files: Sequence[tuple[str, Path | None, str]],
    *,
    actor: Any,
    pairing: Any,
    published: datetime.date | None,
    encoding: str,
    source_url: str = "",
    progress: bool = False,
) -> list[Outcome]:
    """Add each file as a report; every failure is kept with its reason and the next file goes on."""
    from tqdm import tqdm

    outcomes = []
    bar = tqdm(files, desc="ingest", unit="file", file=sys.stderr, disable=not progress, leave=False)
    for name, path, problem in bar:
        if path is None:
            outcomes.append(Outcome(name, FAILED, problem))
            continue
        outcomes.append(ingest_file(name, path, actor, pairing, published, encoding, source_url))
    bar.close()
    return outcomes


def ingest_file(
    name: str,
    path: Path,
    actor: Any,
    pairing: Any,
    published: datetime.date | None,
    encoding: str,
    source_url: str,
) -> Outcome:
    from django.core.exceptions import PermissionDenied, ValidationError

    from xiezuo.apps.reports.ingest import MAX_REPORT_BYTES, IngestError, read_report_bytes, too_large

    try:
        size = path.stat().st_size
        if size > MAX_REPORT_BYTES:
            raise too_large(path.name, size)
        data = path.read_bytes()
        target = pairing
        if target is None:
            text, _title = read_report_bytes(data, name, encoding)
            target = pairing_named_by(text, actor, published)
            if target is None:
                return Outcome(name, FAILED, "the report names no pairing that you edit; give one with --pairing")
        from xiezuo.apps.reports.services import add_report

        report, created = add_report(
            actor=actor,
            pairing=target,
            data=data,
            file_name=path.name,
            source_url=source_url,
            published=published,
            encoding=encoding,
        )
    except IngestError as error:
        return Outcome(name, FAILED, _reason(error.message, path.name))
    except ValidationError as error:
        return Outcome(name, FAILED, "; ".join(error.messages))
    except PermissionDenied as error:
        return Outcome(name, FAILED, str(error))
    except OSError as error:
        return Outcome(name, FAILED, f"cannot read: {error.strerror or error}")
    except Exception as error:  # one bad file must not stop the batch; say what happened
        return Outcome(name, FAILED, f"unexpected error: {type(error).__name__}: {error}")
    where = f"report #{report.pk} in {target}"
    return Outcome(name, NEW if created else DUPLICATE, where if created else f"already there as {where}")


def _reason(message: str, file_name: str) -> str:
    """The ingester's message without the file name it starts with (the summary names the file)."""
    prefix = f"{file_name}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


def pairing_named_by(text: str, actor: Any, published: datetime.date | None) -> Any:
    from xiezuo.apps.pairings.models import Pairing
    from xiezuo.apps.reports.matching import pairing_for_facts
    from xiezuo.extract import extract
    from xiezuo.textrepair import repair

    facts = extract(repair(text), published).as_json()
    return pairing_for_facts(facts, Pairing.objects.editable_by(actor))


def summary(outcomes: Sequence[Outcome]) -> str:
    """The summary: counts, then one line per file (new, duplicate, failed with the reason)."""
    counts = {status: sum(1 for o in outcomes if o.status == status) for status in (NEW, DUPLICATE, FAILED)}
    lines = [f"{len(outcomes)} file(s): {counts[NEW]} new, {counts[DUPLICATE]} duplicate, {counts[FAILED]} failed"]
    width = max((len(o.status) for o in outcomes), default=0)
    lines += [f"  {o.status:<{width}}  {o.path}: {o.detail}" for o in outcomes]
    return "\n".join(lines)
