"""`xiezuo repair` and `xiezuo demo`, run as a user runs them: in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from xiezuo import __version__
from xiezuo.cli import main
from xiezuo.textrepair import diagnose, repair, repair_and_explain

DAMAGED = "東西部協(xié)作工作座談會(huì),,在儀隴召開(kāi)\n"
REPAIRED = "东西部协作工作座谈会，在仪陇召开\n"
OTHER = "儀隴縣黨政代表團(tuán)來(lái)龍灣區(qū)考察交流,,共謀發(fā)展"
CLEAN = "东西部协作 (记者 唐亚) GDP 1,000"


def xiezuo(*args: str | Path, stdin: bytes = b"", cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "xiezuo", *map(str, args)],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def err(result: subprocess.CompletedProcess[bytes]) -> str:
    return result.stderr.decode("utf-8", errors="replace")


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def jsonl(records: list[dict[str, object]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def records_of(output: bytes) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.decode("utf-8").splitlines()]


# Plain text


def test_repairs_a_file_as_the_library_does(tmp_path: Path) -> None:
    result = xiezuo("repair", write(tmp_path / "a.txt", DAMAGED))
    assert (result.returncode, err(result)) == (0, "")
    assert result.stdout.decode("utf-8") == REPAIRED == repair(DAMAGED)


def test_reads_stdin_with_no_file_or_dash_and_keeps_clean_text() -> None:
    for args in (["repair"], ["repair", "-"]):
        result = xiezuo(*args, stdin=(DAMAGED + CLEAN).encode("utf-8"))
        assert result.returncode == 0, err(result)
        assert result.stdout.decode("utf-8") == REPAIRED + CLEAN


def test_several_files_are_repaired_in_order_with_output_file(tmp_path: Path) -> None:
    first, second = write(tmp_path / "a.txt", DAMAGED), write(tmp_path / "b.txt", OTHER)
    out = tmp_path / "out.txt"
    result = xiezuo("repair", first, second, "-o", out)
    assert (result.returncode, result.stdout) == (0, b"")
    assert out.read_text(encoding="utf-8") == REPAIRED + repair(OTHER)


def test_explain_lists_each_step_after_the_text(tmp_path: Path) -> None:
    result = xiezuo("repair", "--explain", write(tmp_path / "a.txt", DAMAGED))
    assert result.returncode == 0, err(result)
    text, *steps = result.stdout.decode("utf-8").split("\n", 1)
    assert text + "\n" == REPAIRED
    lines = steps[0].splitlines()
    assert len(lines) == len(repair_and_explain(DAMAGED)[1])
    assert {line.split()[0] for line in lines} == {"pinyin", "punctuation", "traditional"}
    assert any(line.startswith("pinyin") and '"(xié)" → ""' in line and "reading of 協" in line for line in lines)
    assert any(line.startswith("punctuation") and '",," → "，"' in line for line in lines)
    assert any(line.startswith("traditional") and '"東" → "东"' in line for line in lines)


def test_explain_json_gives_the_steps(tmp_path: Path) -> None:
    result = xiezuo("repair", "--explain", "--json", write(tmp_path / "a.txt", DAMAGED))
    assert result.returncode == 0, err(result)
    [payload] = records_of(result.stdout)
    fixed, steps = repair_and_explain(DAMAGED)
    assert payload == {"file": str(tmp_path / "a.txt"), "text": fixed, "steps": [s.as_dict() for s in steps]}


def test_diagnose_prints_only_the_diagnosis(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", DAMAGED)
    result = xiezuo("repair", "--diagnose", path)
    assert result.returncode == 0, err(result)
    assert result.stdout.decode("utf-8") == f"{diagnose(DAMAGED)}\n"
    assert "pinyin: 3 annotations" in result.stdout.decode("utf-8")

    as_json = xiezuo("repair", "--diagnose", "--json", path)
    assert records_of(as_json.stdout) == [{"file": str(path), "diagnosis": diagnose(DAMAGED).as_dict()}]


# JSON lines


def test_jsonl_repairs_the_field_and_adds_a_summary(tmp_path: Path) -> None:
    records: list[dict[str, object]] = [
        {"id": 1, "body": DAMAGED, "text": DAMAGED},
        {"id": 2, "body": CLEAN},
        {"id": 3, "title": "no body"},
        {"id": 4, "body": None},
    ]
    path = tmp_path / "in.jsonl"
    path.write_bytes(jsonl(records) + b"\n")  # a blank line is no record
    result = xiezuo("repair", "--jsonl", "--field", "body", path)
    assert (result.returncode, err(result)) == (0, "")
    assert "东西部协作".encode() in result.stdout  # UTF-8, not \u escapes
    damaged, clean, missing, null = records_of(result.stdout)

    assert damaged["body"] == REPAIRED
    assert damaged["text"] == DAMAGED  # only the chosen field
    assert damaged["repair"] == {
        "layers": ["pinyin", "punctuation", "traditional"],
        "changes": len(repair_and_explain(DAMAGED)[1]),
        "diagnosis": diagnose(DAMAGED).as_dict(),
    }
    assert clean["body"] == CLEAN
    assert clean["repair"] == {"layers": [], "changes": 0, "diagnosis": diagnose(CLEAN).as_dict()}
    assert missing == {"id": 3, "title": "no body", "repair": {"error": "no field 'body'"}}
    assert null["body"] is None and "not a string" in null["repair"]["error"]  # type: ignore[index]


def test_jsonl_explain_adds_the_steps_and_default_field_is_text() -> None:
    result = xiezuo("repair", "--jsonl", "--explain", stdin=jsonl([{"text": DAMAGED}]))
    assert result.returncode == 0, err(result)
    [record] = records_of(result.stdout)
    assert record["text"] == REPAIRED
    assert record["repair"]["steps"] == [s.as_dict() for s in repair_and_explain(DAMAGED)[1]]  # type: ignore[index]


def test_malformed_json_line_names_the_line_and_keeps_earlier_records(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(jsonl([{"text": DAMAGED}, {"text": OTHER}]) + b'{"text": "oops\n' + jsonl([{"text": CLEAN}]))
    out = tmp_path / "out.jsonl"
    result = xiezuo("repair", "--jsonl", path, "-o", out)
    assert result.returncode == 2
    assert f"{path}: line 3: malformed JSON" in err(result)
    assert "Traceback" not in err(result)
    assert [r["text"] for r in records_of(out.read_bytes())] == [REPAIRED, repair(OTHER)]


def test_a_lone_surrogate_is_kept_and_the_text_around_it_repaired() -> None:
    # A lone surrogate from a `\ud800` escape: OpenCC cannot take it, the repair works around it.
    lines = b'{"text": "\\ud800' + DAMAGED.strip().encode() + b'"}\n' + jsonl([{"text": DAMAGED}])
    result = xiezuo("repair", "--jsonl", stdin=lines)
    assert result.returncode == 0, err(result)
    odd, fine = records_of(result.stdout)
    assert odd["text"] == "\ud800" + REPAIRED.strip()
    assert fine["text"] == REPAIRED


def test_jobs_2_gives_the_same_output_in_the_same_order(tmp_path: Path) -> None:
    texts = [DAMAGED, OTHER, CLEAN, DAMAGED * 3, "", OTHER + "\n" + DAMAGED]
    records: list[dict[str, object]] = [{"id": i, "text": texts[i % len(texts)] + str(i)} for i in range(50)]
    path = tmp_path / "in.jsonl"
    path.write_bytes(jsonl(records))
    one = xiezuo("repair", "--jsonl", "--jobs", "1", path)
    two = xiezuo("repair", "--jsonl", "--jobs", "2", path)
    assert (one.returncode, two.returncode) == (0, 0), err(two)
    assert two.stdout == one.stdout
    assert [r["id"] for r in records_of(two.stdout)] == list(range(50))
    assert [r["text"] for r in records_of(two.stdout)] == [repair(str(r["text"])) for r in records]


def test_jobs_2_on_files_keeps_their_order_and_stops_at_a_bad_one(tmp_path: Path) -> None:
    names = [write(tmp_path / f"{i}.txt", text) for i, text in enumerate([DAMAGED, OTHER, CLEAN])]
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff")
    result = xiezuo("repair", "-j", "2", *names, bad, names[0])
    assert result.returncode == 2
    assert f"{bad}: not valid utf-8 at byte offset 0" in err(result)
    assert result.stdout.decode("utf-8") == REPAIRED + repair(OTHER) + CLEAN


# Bytes in, UTF-8 out


@pytest.mark.parametrize("encoding", ["gbk", "auto"])
def test_gbk_input(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path / "gbk.txt", DAMAGED + OTHER, encoding="gbk")
    result = xiezuo("repair", "--encoding", encoding, path)
    assert result.returncode == 0, err(result)
    assert result.stdout.decode("utf-8") == REPAIRED + repair(OTHER)


def test_undecodable_input_names_the_file_and_byte_offset(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", DAMAGED)
    bad = write(tmp_path / "gbk.txt", DAMAGED, encoding="gbk")  # not UTF-8: byte 0 is 0x96
    out = tmp_path / "out.txt"
    result = xiezuo("repair", good, bad, "-o", out)
    assert result.returncode == 2
    assert f"{bad}: not valid utf-8 at byte offset 0" in err(result)
    assert "Traceback" not in err(result)
    assert out.read_text(encoding="utf-8") == REPAIRED  # the file before it, nothing of it

    tail = tmp_path / "tail.txt"
    tail.write_bytes("东西部".encode() + b"\xe5\x8d")  # cut off inside a character
    result = xiezuo("repair", tail)
    assert (result.returncode, result.stdout) == (2, b"")
    assert f"{tail}: not valid utf-8 at byte offset 9" in err(result)


def test_refuses_to_write_over_an_input(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", DAMAGED)
    other = write(tmp_path / "b.txt", OTHER)
    (tmp_path / "link.txt").symlink_to(path)
    for output in ("a.txt", str(path), "./link.txt"):
        result = xiezuo("repair", "b.txt", "a.txt", "-o", output, cwd=tmp_path)
        assert result.returncode == 2
        assert "refusing to write the output over the input a.txt" in err(result)
    assert path.read_bytes() == DAMAGED.encode("utf-8")
    assert other.read_bytes() == OTHER.encode("utf-8")


def test_missing_file(tmp_path: Path) -> None:
    result = xiezuo("repair", tmp_path / "nope.txt")
    assert (result.returncode, result.stdout) == (2, b"")
    assert err(result) == f"xiezuo repair: error: {tmp_path / 'nope.txt'}: no such file\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["repair", "--json"], "--json goes with --explain or --diagnose"),
        (["repair", "--jsonl", "--json", "--explain"], "--jsonl already writes JSON"),
        (["repair", "--jsonl", "--diagnose"], "--diagnose does not combine with --jsonl"),
        (["repair", "--field", "body"], "--field only applies with --jsonl"),
        (["repair", "--jsonl", "--field", "repair"], "--field cannot be 'repair'"),
        (["repair", "--encoding", "no-such-codec"], "unknown text encoding 'no-such-codec'"),
        (["repair", "--encoding", "base64"], "unknown text encoding 'base64'"),
    ],
)
def test_usage_errors(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_jobs_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["repair", "--jobs", "0"])
    assert exit_.value.code == 2
    assert "at least 1" in capsys.readouterr().err


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "repair" in capsys.readouterr().err


# The rest of the command


def test_version() -> None:
    result = xiezuo_cli("--version")
    assert result.returncode == 0
    assert result.stdout.decode().strip() == f"xiezuo {__version__}"


def xiezuo_cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    """Through the installed console script when there is one, as `make run` calls it."""
    script = Path(sys.executable).with_name("xiezuo")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "xiezuo"]
    return subprocess.run([*command, *args], capture_output=True, timeout=120, check=False)


def test_demo_repairs_the_sample_report() -> None:
    pytest.importorskip("xiezuo.textrepair.mirror")
    result = xiezuo_cli("demo")
    output = result.stdout.decode("utf-8")
    for section in ("--- damaged ---", "--- diagnosis ---", "--- repaired ---", "--- changes by layer ---"):
        assert section in output
    assert "(xi" in output.split("--- diagnosis ---")[0]  # the damaged text carries readings
    assert "mirror damage" in output
    equal = "equals the original sample: yes" in output
    assert result.returncode == (0 if equal else 1), err(result)
