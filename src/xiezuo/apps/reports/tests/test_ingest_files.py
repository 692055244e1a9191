"""Report files as text: the encodings reports come in, saved web pages, and every kind of bad input named
with the file and the reason."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from xiezuo.apps.reports.ingest import MAX_REPORT_BYTES, IngestError, check_text, fingerprint, read_report_bytes

REPORT = (
    "8月26日，南充市政协副主席、仪陇县委书记郭宗海带领仪陇县党政代表团来龙湾区考察交流，"
    "促进两地之间的交流与合作，共同探索新的发展机遇。温州湾新区管委会主任、龙湾区委书记周一富参加座谈会。\n"
)
TRADITIONAL = (
    "8月26日，南充市政協副主席、儀隴縣委書記郭宗海帶領儀隴縣黨政代表團來龍灣區考察交流，"
    "促進兩地之間的交流與合作，共同探索新的發展機遇。\n"
)
PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>仪陇县党政代表团来龙湾区考察交流</title></head>
<body><nav><a href="/">首页</a> | <a href="/news">新闻</a></nav>
<article><h1>仪陇县党政代表团来龙湾区考察交流</h1>
<p>8月26日，南充市政协副主席、仪陇县委书记郭宗海带领仪陇县党政代表团来龙湾区考察交流，促进两地之间的交流与合作。</p>
<p>温州湾新区管委会主任、龙湾区委书记周一富参加座谈会。</p></article>
<footer>版权所有 © 龙湾区融媒体中心</footer></body></html>
"""
EMPTY_PAGE = """<!DOCTYPE html><html><head><title>页面</title></head>
<body><nav><a href="/">首页</a></nav><script>var x = 1;</script></body></html>"""


@pytest.fixture(autouse=True)
def english() -> Any:
    with translation.override("en"):
        yield


def failure(data: bytes, name: str = "report.txt", encoding: str = "auto") -> IngestError:
    with pytest.raises(IngestError) as caught:
        read_report_bytes(data, name, encoding)
    return caught.value


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_simplified_text_is_read_in_the_encoding_it_came_in(encoding: str) -> None:
    assert read_report_bytes(REPORT.encode(encoding), "report.txt") == (REPORT, "")


def test_big5_text_is_recognised() -> None:
    text, _ = read_report_bytes(TRADITIONAL.encode("big5"), "report.txt")
    assert text == TRADITIONAL


def test_utf16_with_a_byte_order_mark_is_text_not_binary() -> None:
    assert read_report_bytes(REPORT.encode("utf-16"), "report.txt")[0] == REPORT


def test_an_encoding_given_is_used() -> None:
    assert read_report_bytes(REPORT.encode("gbk"), "report.txt", "gbk")[0] == REPORT


def test_a_saved_page_gives_its_article_and_title_without_the_page_around_it() -> None:
    text, title = read_report_bytes(PAGE.format(charset="utf-8").encode("utf-8"), "longwan.html")
    assert title == "仪陇县党政代表团来龙湾区考察交流"
    assert "郭宗海带领仪陇县党政代表团来龙湾区考察交流" in text and "周一富参加座谈会" in text
    assert "首页" not in text and "版权所有" not in text


def test_a_gbk_page_is_decoded_by_its_declared_charset() -> None:
    text, _ = read_report_bytes(PAGE.format(charset="gbk").encode("gbk", errors="xmlcharrefreplace"), "longwan.htm")
    assert "周一富参加座谈会" in text


def test_html_is_recognised_by_its_content_whatever_the_file_is_called() -> None:
    text, title = read_report_bytes(PAGE.format(charset="utf-8").encode("utf-8"), "saved.txt")
    assert title and "<p>" not in text


def test_an_empty_file_says_it_is_empty() -> None:
    for data in (b"", b"  \n\t\r\n"):
        error = failure(data, "empty.txt")
        assert (error.code, error.message) == ("empty", "empty.txt: the file is empty.")


def test_a_binary_file_is_not_taken_for_text() -> None:
    error = failure(b"\x00\x01\x02binary\x00data" * 10, "image.txt")
    assert error.code == "binary"
    assert error.message == "image.txt: this is a binary file (it contains NUL bytes), not text."


def test_a_known_file_type_is_named() -> None:
    error = failure(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "report.txt")
    assert error.code == "binary" and "PDF" in error.message and error.message.startswith("report.txt: ")


def test_text_full_of_control_characters_is_not_text() -> None:
    error = failure(bytes(range(1, 9)) * 40, "strange.txt")
    assert error.code == "binary" and "control characters" in error.message


def test_undecodable_bytes_are_named_with_their_offset() -> None:
    data = "仪陇县".encode() + b"\xff\xfe\xfd\xfc" + "龙湾区".encode()
    error = failure(data, "broken.txt")
    assert error.code == "undecodable"
    assert error.message.startswith("broken.txt: the text cannot be decoded: not UTF-8 (invalid byte at offset 9)")


def test_undecodable_in_the_encoding_given_names_encoding_and_offset() -> None:
    error = failure(REPORT.encode("gbk"), "report.txt", "utf-8")
    assert error.code == "undecodable"
    assert error.message.startswith("report.txt: the text is not valid utf-8 at byte offset 1 (")


def test_an_unknown_encoding_is_named() -> None:
    error = failure(REPORT.encode(), "report.txt", "klingon")
    assert (error.code, error.message) == ("unknown_encoding", "report.txt: there is no encoding called “klingon”.")


def test_an_oversized_file_is_refused_before_it_is_read() -> None:
    error = failure(b"a" * (MAX_REPORT_BYTES + 1), "huge.txt")
    assert error.code == "too_large"
    assert error.message == "huge.txt: the file is too large (5,242,881 bytes; a report may have at most 5,242,880)."


def test_pasted_text_is_held_to_the_same_limits() -> None:
    with pytest.raises(IngestError) as caught:
        check_text("仪" * (MAX_REPORT_BYTES // 3 + 1))
    assert caught.value.code == "too_large" and caught.value.message.startswith("the pasted text: ")
    with pytest.raises(IngestError, match=r"the pasted text: the file is empty\."):
        check_text(" \n ")


def test_a_page_without_an_article_says_so() -> None:
    error = failure(EMPTY_PAGE.encode(), "menu.html")
    assert (error.code, error.message) == (
        "no_article",
        "menu.html: the web page has no article text that could be found.",
    )


def test_the_fingerprint_ignores_white_space_and_punctuation_widths() -> None:
    assert fingerprint("协作，座谈会\n（第二次）") == fingerprint("协作,  座谈会 (第二次)")
    assert fingerprint("协作座谈会") != fingerprint("协作座谈")
