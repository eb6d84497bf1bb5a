"""Responses more than one area sends."""

from __future__ import annotations

import os
from typing import BinaryIO
from urllib.parse import quote

from flask import Response, request
from werkzeug.wsgi import wrap_file


def pdf_response(data: bytes | BinaryIO, filename: str, *, attachment: bool = False) -> Response:
    """A PDF with a UTF-8 file name (RFC 5987) and an ASCII fallback, shown inline unless it must be saved
    (`attachment`: codes that exist only in this answer). `data` may be an open file (a batch): it is
    streamed from disk and closed when sent."""
    ascii_name = filename.encode("ascii", "ignore").decode() or "document.pdf"
    if not ascii_name.lower().endswith(".pdf"):
        ascii_name = "document.pdf"
    if isinstance(data, bytes):
        response = Response(data, mimetype="application/pdf")
    else:
        size = data.seek(0, os.SEEK_END)
        data.seek(0)
        response = Response(wrap_file(request.environ, data), mimetype="application/pdf", direct_passthrough=True)
        response.content_length = size
    response.headers["Content-Disposition"] = f"{'attachment' if attachment else 'inline'}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return response
