"""`python -m django load_demo`: load the demo data once (see `xiezuo.demo`); `xiezuo serve` runs it too."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xiezuo.demo import DEFAULT_SEED, DEMO_BATCH


class Command(BaseCommand):
    help = (
        "Load the demo data: the seed report's pairings, people, organisations and visit, and generated "
        f"projects and fund transactions, logged as change-log batch “{DEMO_BATCH}”. Running it again "
        "changes nothing; a database with other pairings is left alone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=f"seed of the project generator (default {DEFAULT_SEED})"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from xiezuo.demo.load import DemoError, load_demo

        try:
            result = load_demo(seed=options["seed"])
        except DemoError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(result.message) if result.loaded else result.message)
        for what, n in result.counts.items():
            self.stdout.write(f"  {what}: {n}")
        if result.skipped_users:
            self.stdout.write(
                self.style.WARNING(
                    "These users existed already and were left unchanged (their passwords are not the demo's): "
                    + ", ".join(result.skipped_users)
                )
            )
