"""`xiezuo ingest`: a folder of ../shared/corpus/clean_ewc reports (linked into a temporary folder at run
time) with bad files among them, a summary per file, duplicates recognised; then on a fresh database in a
subprocess, as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import shared_path
from xiezuo.apps import conftest as apps_conftest
from xiezuo.apps.conftest import World
from xiezuo.apps.reports.ingest import MAX_REPORT_BYTES
from xiezuo.apps.reports.models import Report
from xiezuo.cli import main

# Fixtures of the platform tests: the personas, and quick password hashing.
world = apps_conftest.world
_fast_passwords = apps_conftest._fast_passwords

SEED = "000_3096654b67945219.txt"
BAD = {
    "empty.txt": "the file is empty.",
    "binary.txt": "this is a binary file (it contains NUL bytes), not text.",
    "broken.txt": "the text cannot be decoded: not UTF-8 (invalid byte at offset 9)",
    "huge.txt": "the file is too large (5,242,881 bytes; a report may have at most 5,242,880).",
    "menu.html": "the web page has no article text that could be found.",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder of links to the clean reports, one level down, beside files that are not."""
    source = shared_path("corpus", "clean_ewc")
    folder = tmp_path / "reports" / "clean"
    folder.mkdir(parents=True)
    for report in sorted(source.glob("*.txt")):
        (folder / report.name).symlink_to(report)
    (folder / "notes.json").write_text("{}", encoding="utf-8")  # not a report: not taken
    return tmp_path / "reports"


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 64)
    (folder / "broken.txt").write_bytes("仪陇县".encode() + b"\xff\xfe\xfd" + "龙湾区".encode())
    (folder / "huge.txt").write_bytes(b"a" * (MAX_REPORT_BYTES + 1))
    (folder / "menu.html").write_text("<html><body><nav><a href='/'>首页</a></nav></body></html>", encoding="utf-8")
    return folder


def ingest(*args: str | Path) -> int:
    return main(["ingest", "--progress", "never", *map(str, args)])


def test_a_folder_goes_in_with_a_line_per_file_and_the_bad_ones_named(
    world: World, corpus: Path, bad: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = ingest(corpus, bad, "--pairing", world.ours.pk, "--user", "west", "--published", "2023-06-01")
    out = capsys.readouterr().out
    reports = sorted(p.name for p in (corpus / "clean").glob("*.txt"))
    assert status == 1
    assert out.splitlines()[0] == f"{len(reports) + 5} file(s): {len(reports)} new, 0 duplicate, 5 failed"
    for name in reports:
        assert f"  new     {corpus / 'clean' / name}: report #" in out
    for name, reason in BAD.items():
        assert f"  failed  {bad / name}: {reason}" in out
    assert "notes.json" not in out
    assert Report.objects.filter(pairing=world.ours).count() == len(reports)
    stored = Report.objects.get(file_name="001.txt")
    assert stored.published.isoformat() == "2023-06-01" and stored.added_by.username == "west"
    assert stored.proposal["schema"] == "xiezuo.report-proposal/1"


def test_the_same_reports_again_are_duplicates(world: World, corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert ingest(corpus, "--pairing", "温州湾新区、龙湾区—仪陇县", "--user", "west") == 0
    count = Report.objects.count()
    capsys.readouterr()
    assert ingest(corpus, "--pairing", str(world.ours), "--user", "east") == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"{count} file(s): 0 new, {count} duplicate, 0 failed"
    assert "already there as report #" in out
    assert Report.objects.count() == count


def test_without_a_pairing_each_report_goes_to_the_one_it_names(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = shared_path("seed", SEED)
    unrelated = shared_path("corpus", "clean_ewc", "001.txt")  # 泉州 and 宁夏: not a pairing of the user's
    assert ingest(seed, unrelated, "--user", "west") == 1
    out = capsys.readouterr().out
    assert f"  new     {seed}: report #" in out and f"in {world.ours}" in out
    assert f"  failed  {unrelated}: the report names no pairing that you edit; give one with --pairing" in out
    assert Report.objects.get().pairing == world.ours


def test_bad_usage_stops_before_anything_is_read(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    seed = shared_path("seed", SEED)
    assert ingest(seed, "--pairing", "火星—月球", "--user", "west") == 2
    assert "no pairing has the id, name or label '火星—月球'" in capsys.readouterr().err
    assert ingest(seed, "--pairing", world.ours.pk, "--user", "nobody") == 2
    assert "no active user called nobody" in capsys.readouterr().err
    assert ingest(seed, "--pairing", world.theirs.pk, "--user", "west") == 2
    assert "west may not add reports to" in capsys.readouterr().err
    assert ingest(seed, "--pairing", world.ours.pk) == 2  # no superuser in the world: say who
    assert "--user USERNAME" in capsys.readouterr().err
    assert Report.objects.count() == 0


def test_a_missing_path_is_a_failed_file(world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert ingest(tmp_path / "nowhere.txt", "--pairing", world.ours.pk, "--user", "west") == 1
    assert f"  failed  {tmp_path / 'nowhere.txt'}: {tmp_path / 'nowhere.txt'}: no such file or folder" in (
        capsys.readouterr().out
    )


# As a user runs it: a subprocess on its own SQLite database.


def xiezuo(var: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["XIEZUO_VAR"] = str(var)
    return subprocess.run(
        [sys.executable, "-m", "xiezuo", *map(str, args)],
        cwd=var.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


SETUP = """
import django, os
os.environ["DJANGO_SETTINGS_MODULE"] = "xiezuo.web.settings"
django.setup()
from django.contrib.auth.models import User
from xiezuo.apps.pairings.models import Pairing
from xiezuo.apps.regions.services import division
User.objects.create_superuser("admin", password="not-used")
pairing = Pairing.objects.create(level="county", name="龙湾区—仪陇县")
pairing.east_regions.set([division("330303")])
pairing.west_regions.set([division("511324")])
"""


def test_on_a_fresh_database_the_command_migrates_only_when_asked(tmp_path: Path) -> None:
    seed = shared_path("seed", SEED)
    var = tmp_path / "var"
    refused = xiezuo(var, "ingest", seed)
    assert refused.returncode == 2
    assert "is not migrated" in refused.stderr and "--migrate" in refused.stderr

    migrated = xiezuo(var, "ingest", "--migrate", seed)
    assert migrated.returncode == 2  # migrated now, but nobody to add the reports as
    assert "--user USERNAME" in migrated.stderr

    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    subprocess.run([sys.executable, "-c", SETUP], cwd=tmp_path, env={**env, "XIEZUO_VAR": str(var)}, check=True)
    done = xiezuo(var, "ingest", seed, "--published", "2024-08-27")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "1 file(s): 1 new, 0 duplicate, 0 failed"
    assert f"  new  {seed}: report #1 in 龙湾区—仪陇县" in done.stdout
    again = xiezuo(var, "ingest", seed)
    assert again.stdout.splitlines()[0] == "1 file(s): 0 new, 1 duplicate, 0 failed"
