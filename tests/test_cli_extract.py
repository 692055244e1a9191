"""`xiezuo extract` on the command line, with reports written here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPORT = "8月26日，南充市政协副主席、仪陇县委书记郭宗海带领仪陇县党政代表团来龙湾区考察交流。\n"


def xiezuo(*args: str | Path, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "xiezuo", *map(str, args)], input=stdin, capture_output=True)


def test_summary_names_people_regions_and_the_visit(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    result = xiezuo("extract", path)
    assert result.returncode == 0
    out = result.stdout.decode()
    assert "郭宗海: 南充市政协副主席、仪陇县委书记" in out
    assert "仪陇县 511324" in out
    assert "delegation: 仪陇县党政代表团, led by 郭宗海" in out


def test_reference_date_fills_the_year_and_says_so() -> None:
    result = xiezuo("extract", "--json", "--reference-date", "2024-08-27", stdin=REPORT.encode())
    date = json.loads(result.stdout)["dates"][0]
    assert date == {"text": "8月26日", "year": 2024, "month": 8, "day": 26, "year_source": "reference"}


def test_bad_reference_date_is_refused() -> None:
    result = xiezuo("extract", "--reference-date", "26/08/2024", stdin=REPORT.encode())
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr.decode()


def test_gbk_report_is_read_with_its_encoding(tmp_path: Path) -> None:
    path = tmp_path / "report-gbk.txt"
    path.write_bytes(REPORT.encode("gbk"))
    assert xiezuo("extract", "--json", path).returncode == 2  # not UTF-8
    result = xiezuo("extract", "--json", "--encoding", "gbk", path)
    assert json.loads(result.stdout)["people"][0]["name"] == "郭宗海"


def test_missing_file_is_named() -> None:
    result = xiezuo("extract", "no-such-report.txt")
    assert result.returncode == 2
    assert "no-such-report.txt: no such file" in result.stderr.decode()
