"""Sending an uploaded file (a project's evidence, a manual actual's evidence) back as a download.

Who may download is the caller's to decide: it finds the record through `visible_to(user)`, so a record
the user may not see is a 404 before a file is opened.
"""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _


def stored_file_download(stored: FieldFile, name: str) -> FileResponse:
    """The stored file as an attachment called `name` (a UTF-8 filename*, the content type guessed from it).

    A file missing from storage is a 404 with a message, not a server error.
    """
    try:
        handle = stored.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("The file of this document is missing from storage.")) from error
    return FileResponse(handle, as_attachment=True, filename=name)
