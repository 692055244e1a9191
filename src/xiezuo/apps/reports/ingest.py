"""A report file as text: plain text in UTF-8, GBK, GB18030 or Big5, or a saved web page's article.

Nothing here touches the database or the network: `read_report_bytes` turns the bytes of one file into
`(text, title)`, or raises `IngestError` with a message that names the file and says what is wrong
(empty, binary, not decodable and where, too large, a web page without an article).

>>> read_report_bytes("8月26日，仪陇县党政代表团来龙湾区考察交流。".encode("gbk"), "report.txt")
('8月26日，仪陇县党政代表团来龙湾区考察交流。', '')
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata

from django.utils.translation import gettext as _

# A news report is a few kilobytes; a saved page with its scripts and styles rarely passes 1 MB.
MAX_REPORT_BYTES = 5 * 1024 * 1024

# What `encoding="auto"` considers, besides UTF-8 (tried first, strictly): GB18030 covers GBK and GB2312.
AUTO_ENCODINGS = ("utf_8", "gb18030", "big5")
HTML_SUFFIXES = (".htm", ".html")
REPORT_SUFFIXES = (".txt", *HTML_SUFFIXES)

# File types that are sometimes mistaken for reports, by their first bytes.
SIGNATURES = (
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG"),
    (b"GIF8", "GIF"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"PK\x03\x04", "ZIP/Office"),
    (b"\xd0\xcf\x11\xe0", "Office"),
    (b"\x1f\x8b", "gzip"),
    (b"Rar!", "RAR"),
    (b"7z\xbc\xaf", "7z"),
)
# Control characters that text does not contain (tab, line feed, form feed and carriage return excepted).
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
MAX_CONTROL_SHARE = 0.01
HTML_START_RE = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
WHITESPACE_RE = re.compile(r"\s+")
WORD_RE = re.compile(r"\w")
# Less than this is what is left of a page's navigation ("首页"), not a report.
MIN_ARTICLE_CHARACTERS = 20
TITLE_LENGTH = 40


class IngestError(Exception):
    """A report that cannot be taken in; the message names the file and the reason.

    `code` says which reason, for callers that act on it: empty, binary, undecodable, too_large,
    no_article, unknown_encoding.
    """

    def __init__(self, message: str, *, code: str = "", file_name: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.file_name = file_name


def read_report_bytes(data: bytes, file_name: str, encoding: str = "auto") -> tuple[str, str]:
    """The text of a report file and its title ("" unless a saved web page gives one)."""
    label = file_name or _("the pasted text")
    if len(data) > MAX_REPORT_BYTES:
        raise too_large(label, len(data))
    if not data.strip():
        raise IngestError(_("%(file)s: the file is empty.") % {"file": label}, code="empty", file_name=file_name)
    for signature, kind in SIGNATURES:
        if data.startswith(signature):
            raise IngestError(
                _("%(file)s: this is a %(kind)s file, not text; save the report as text or as a web page.")
                % {"file": label, "kind": kind},
                code="binary",
                file_name=file_name,
            )
    html = file_name.lower().endswith(HTML_SUFFIXES) or bool(HTML_START_RE.match(data[:1024].decode("latin-1")))
    text = decode(data, encoding, label, file_name, html=html)
    if not html and HTML_START_RE.match(text[:1024]):
        html = True
    if html:
        return article_of(text, label, file_name)
    return check_text(text, file_name), ""


def too_large(label: str, size: int) -> IngestError:
    return IngestError(
        _("%(file)s: the file is too large (%(size)s bytes; a report may have at most %(limit)s).")
        % {"file": label, "size": f"{size:,}", "limit": f"{MAX_REPORT_BYTES:,}"},
        code="too_large",
    )


def decode(data: bytes, encoding: str, label: str, file_name: str = "", *, html: bool = False) -> str:
    """`data` as text: in `encoding`, or (auto) UTF-8, else what charset-normalizer finds among GB18030 and Big5."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_as(data, "utf-16", label, file_name)
    if b"\x00" in data:
        raise IngestError(
            _("%(file)s: this is a binary file (it contains NUL bytes), not text.") % {"file": label},
            code="binary",
            file_name=file_name,
        )
    if encoding and encoding != "auto":
        text = _decode_as(data, encoding, label, file_name)
    else:
        text = _decode_auto(data, label, file_name, html=html)
    controls = len(CONTROL_RE.findall(text))
    if controls > max(2, MAX_CONTROL_SHARE * len(text)):
        raise IngestError(
            _("%(file)s: this is not text (%(count)s control characters); is it a binary file?")
            % {"file": label, "count": controls},
            code="binary",
            file_name=file_name,
        )
    return text.removeprefix("\ufeff")


def _decode_as(data: bytes, encoding: str, label: str, file_name: str) -> str:
    try:
        return data.decode(encoding)
    except LookupError:
        raise IngestError(
            _("%(file)s: there is no encoding called “%(encoding)s”.") % {"file": label, "encoding": encoding},
            code="unknown_encoding",
            file_name=file_name,
        ) from None
    except UnicodeDecodeError as error:
        raise IngestError(
            _("%(file)s: the text is not valid %(encoding)s at byte offset %(offset)s (%(reason)s).")
            % {"file": label, "encoding": encoding, "offset": error.start, "reason": error.reason},
            code="undecodable",
            file_name=file_name,
        ) from None


def _decode_auto(data: bytes, label: str, file_name: str, *, html: bool) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        utf8_error = error
    if html and (declared := META_CHARSET_RE.search(data[:4096])):
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass  # the page's own declaration is wrong: guess as for text
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(AUTO_ENCODINGS)).best()
    if best is None:
        raise IngestError(
            _(
                "%(file)s: the text cannot be decoded: not UTF-8 (invalid byte at offset %(offset)s), "
                "and not GBK, GB18030 or Big5 either; give its encoding."
            )
            % {"file": label, "offset": utf8_error.start},
            code="undecodable",
            file_name=file_name,
        )
    return str(best)


def check_text(text: str, file_name: str = "") -> str:
    """Pasted or decoded text, refused when empty, too large or binary."""
    label = file_name or _("the pasted text")
    if len(text) * 4 > MAX_REPORT_BYTES and len(text.encode("utf-8")) > MAX_REPORT_BYTES:
        raise too_large(label, len(text.encode("utf-8")))
    if not text.strip():
        raise IngestError(_("%(file)s: the file is empty.") % {"file": label}, code="empty", file_name=file_name)
    if "\x00" in text:
        raise IngestError(
            _("%(file)s: this is a binary file (it contains NUL bytes), not text.") % {"file": label},
            code="binary",
            file_name=file_name,
        )
    return text


def article_of(html: str, label: str, file_name: str = "") -> tuple[str, str]:
    """The article text and title of a saved web page (trafilatura, offline), or IngestError."""
    import trafilatura

    # Precision first: a report page's menus, footers and link lists are not part of the report.
    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True, favor_precision=True
    )
    text = (getattr(document, "text", None) or "").strip() if document is not None else ""
    if len(WORD_RE.findall(text)) < MIN_ARTICLE_CHARACTERS:
        raise IngestError(
            _("%(file)s: the web page has no article text that could be found.") % {"file": label},
            code="no_article",
            file_name=file_name,
        )
    title = WHITESPACE_RE.sub(" ", getattr(document, "title", None) or "").strip()
    return text, title[:300]


def title_from_text(text: str) -> str:
    """A title for a report that has none: its first line when that is short (a headline), else its start.

    >>> title_from_text("闽宁扶贫协作 泉州“添柴加火”\\n2019-06-11 作者：陈金荣\\n闽宁一家亲。")
    '闽宁扶贫协作 泉州“添柴加火”'
    >>> title_from_text("8月26日，南充市政协副主席、仪陇县委书记郭宗海带领仪陇县党政代表团来龙湾区考察交流，"
    ...                 "促进两地之间的交流与合作。")
    '8月26日，南充市政协副主席、仪陇县委书记郭宗海带领仪陇县党政代表团来龙湾区考察…'
    """
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    first = WHITESPACE_RE.sub(" ", first)
    if len(first) <= TITLE_LENGTH:
        return first
    cut = first[:TITLE_LENGTH]
    stop = max(cut.rfind(mark) for mark in "，。；,;")
    return (cut[:stop] if stop > TITLE_LENGTH // 2 else cut) + "…"


def fingerprint(text: str) -> str:
    """What the same report shares however it was spaced or which punctuation widths it used: sha256
    of its NFKC form with every white space removed.

    >>> fingerprint("协作 ，\\n座谈会") == fingerprint("协作,座谈会")
    True
    """
    folded = WHITESPACE_RE.sub("", unicodedata.normalize("NFKC", text))
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()
