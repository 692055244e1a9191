"""`xiezuo serve`: set up the database, load the demo data once, and serve the ledger with gunicorn.

In order: migrate the database (SQLite under ./var by default, `XIEZUO_VAR` moves it, `DATABASE_URL`
switches to PostgreSQL), collect the static files (WhiteNoise serves them from the same process),
load the demo data unless ``--no-demo`` (once: see `xiezuo.demo`), print the address and the demo
logins, then replace this process with gunicorn serving `xiezuo.web.wsgi`, so that Ctrl+C and
SIGTERM reach gunicorn directly.

Away from a loopback address, `SECRET_KEY` must be set: the built-in key is public.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import socket
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xiezuo.cli import Subparsers

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_WORKERS = 2


def add_parser(subparsers: Subparsers[argparse.ArgumentParser]) -> None:
    serve = subparsers.add_parser(
        "serve",
        help="migrate, load the demo data once, and serve the ledger on http://127.0.0.1:8000",
        description=(
            "Migrate the database, collect static files, load the demo data (once; --no-demo skips it), "
            "print the address and the demo logins, then serve with gunicorn. The database is SQLite under "
            "./var (XIEZUO_VAR moves it) unless DATABASE_URL names another (postgres://user:pass@host/db)."
        ),
    )
    serve.add_argument("--host", default=DEFAULT_HOST, help=f"address to bind (default {DEFAULT_HOST})")
    serve.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    serve.add_argument(
        "--workers",
        type=_positive,
        default=DEFAULT_WORKERS,
        help=f"gunicorn worker processes (default {DEFAULT_WORKERS})",
    )
    serve.add_argument("--no-demo", action="store_true", help="do not load the demo data")
    serve.set_defaults(run=run_serve)


def _port(text: str) -> int:
    value = int(text)
    if not 0 < value < 65536:
        raise argparse.ArgumentTypeError(f"not a port: {text}")
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more: {text}")
    return value


def is_loopback(host: str) -> bool:
    """Whether an address only this machine can reach.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("::1"), is_loopback("0.0.0.0")
    (True, True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind_address(host: str, port: int) -> str:
    """gunicorn's --bind: IPv6 addresses in brackets.

    >>> bind_address("127.0.0.1", 8000), bind_address("::1", 8001)
    ('127.0.0.1:8000', '[::1]:8001')
    """
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def url(host: str, port: int) -> str:
    return f"http://{bind_address(host, port)}/"


def _port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def run_serve(args: argparse.Namespace) -> int:
    """Run `xiezuo serve`; returns only on failure (on success gunicorn takes the process over)."""
    host, port = args.host, args.port
    if not is_loopback(host) and not os.environ.get("SECRET_KEY"):
        print(f"xiezuo serve: {host} is reachable from other machines: set SECRET_KEY first.", file=sys.stderr)
        return 2
    if not _port_free(host, port):
        print(f"xiezuo serve: {bind_address(host, port)} is in use; choose another with --port.", file=sys.stderr)
        return 1

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiezuo.web.settings")
    import django
    from django.conf import settings
    from django.core.management import CommandError, call_command
    from django.db import connections

    django.setup()
    database = settings.DATABASES["default"]
    where = database["NAME"] if database["ENGINE"].endswith("sqlite3") else f"{database['ENGINE']} {database['NAME']}"
    print(f"Database: {where}", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if not args.no_demo:
        try:
            call_command("load_demo")
        except CommandError as error:
            print(f"xiezuo serve: no demo data: {error}", file=sys.stderr, flush=True)

    from xiezuo.demo import is_loaded

    demo = is_loaded()
    _announce(host, port, demo=demo)
    if demo and not is_loopback(host):
        print(
            f"xiezuo serve: warning: the demo passwords are public, and {host} can be reached from other machines.",
            file=sys.stderr,
            flush=True,
        )
    connections.close_all()  # gunicorn's workers open their own

    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        bind_address(host, port),
        "--workers",
        str(args.workers),
        "--access-logfile",
        "-",
        "--no-control-socket",  # gunicorn's control socket lives in ~/.gunicorn, shared by every instance
        "xiezuo.web.wsgi",
    ]
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, command)
    return 1  # not reached


def _announce(host: str, port: int, *, demo: bool) -> None:
    from xiezuo.demo import DEMO_PASSWORD
    from xiezuo.demo.world import USERS

    lines = ["", f"Xiezuo (协作) is starting on {url(host, port)}", ""]
    if demo:
        width = max(len(u.username) for u in USERS)
        lines.append(f"Demo logins (every password: {DEMO_PASSWORD}; demo only, never for real data):")
        lines += [f"  {u.username:<{width}}  {u.what}" for u in USERS]
        lines.append("The pages say that the data is demo data; --no-demo on a fresh database starts without it.")
    else:
        lines.append(
            "No demo data. Create an administrator with: "
            "DJANGO_SETTINGS_MODULE=xiezuo.web.settings python -m django createsuperuser"
        )
    lines += ["Stop with Ctrl+C.", ""]
    print("\n".join(lines), flush=True)
