"""Spreadsheets for the import and export tests, made the way people make them, and the upload round trip."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from xiezuo.apps.core.models import ImportJob


def xlsx(rows: Sequence[Sequence[Any]], *, title: str = "Sheet1", merges: Sequence[str] = (), more: int = 0) -> bytes:
    """A workbook with one sheet of these rows (the first is the header), optionally merged ranges."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for ref in merges:
        sheet.merge_cells(ref)
    for n in range(more):
        workbook.create_sheet(f"其他{n}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Sequence[Sequence[Any]], encoding: str = "utf-8") -> bytes:
    import csv

    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode(encoding)


def upload(client: Client, slug: str, data: bytes, name: str = "台账.xlsx", reason: str = "") -> Any:
    return client.post(f"/{slug}/import/", {"file": SimpleUploadedFile(name, data), "reason": reason})


def job_of(response: Any) -> ImportJob:
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def problems(job: ImportJob) -> list[str]:
    """The problems of a job as the page shows them."""
    from xiezuo.apps.core.imports import Problem

    outcome = job.result if job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED) else job.preview
    return [Problem(p["row"], p["column"], p["message"]).text for p in outcome.get("problems", [])]


def download(client: Client, path: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, path
    return b"".join(response.streaming_content) if response.streaming else response.content


def rows_of(data: bytes, sheet: int = 0) -> list[list[Any]]:
    workbook = load_workbook(io.BytesIO(data))
    return [list(r) for r in workbook.worksheets[sheet].iter_rows(values_only=True)]


def computed(data: bytes, values: dict[str, str]) -> bytes:
    """The workbook as Excel saves it: each formula cell named here carries its computed value."""
    import re
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                for ref, value in values.items():
                    text = re.sub(rf'(<c r="{ref}"[^>]*><f>[^<]*</f>)<v\s*/?>(</v>)?', rf"\1<v>{value}</v>", text)
                content = text.encode()
            target.writestr(item, content)
    return buffer.getvalue()
