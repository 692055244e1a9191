"""The annual report as an Excel workbook (being written)."""

from django.http import HttpResponse


def export_view(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("")
