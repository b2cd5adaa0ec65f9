"""Uploaded files are checked by what they contain, never by their name or declared type."""

from __future__ import annotations

import io
import logging

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

MAX_PDF_BYTES = 5 * 1024 * 1024

logging.getLogger("pypdf").setLevel(logging.ERROR)


def validate_pdf(upload: UploadedFile, *, max_bytes: int = MAX_PDF_BYTES) -> UploadedFile:
    """Accept a real PDF of at most `max_bytes`: the right header and a document that parses."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is larger than %(size)d MB.") % {"size": max_bytes // (1024 * 1024)}
        )
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    if not content.startswith(b"%PDF-"):
        raise ValidationError(_("This file is not a PDF document."))
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted or len(reader.pages) == 0:
            raise ValidationError(_("This PDF cannot be read: it is empty or protected."))
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise ValidationError(_("This file is not a PDF document.")) from error
    return upload
