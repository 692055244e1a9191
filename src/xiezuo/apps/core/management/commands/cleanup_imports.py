"""`python -m django cleanup_imports`: delete import jobs and their uploaded files past the retention period.

Meant for cron (daily is plenty); without it, every upload still deletes a few (see `core.import_jobs`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from xiezuo.apps.core import import_jobs

# Jobs deleted per round: keeps each query's list of ids short, however many have piled up.
CHUNK = 500


class Command(BaseCommand):
    help = (
        "Delete the import jobs that ended more than XIEZUO_IMPORT_RETENTION_DAYS days ago (checked but never "
        "confirmed, saved, failed, discarded, or stopped with their process), with their uploaded files and "
        "progress files. A running import is never deleted."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = 0
        # A round that deletes nothing ends it: what is left is running (or too recent).
        while removed := import_jobs.clean_up(limit=CHUNK):
            deleted += removed
        self.stdout.write(
            f"Deleted {deleted} import job(s) older than {settings.XIEZUO_IMPORT_RETENTION_DAYS} day(s), "
            "with their files."
        )
