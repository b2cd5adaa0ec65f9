"""Files served from disk by the project itself, with the byte ranges video players ask for."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag

_BYTE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_BLOCK = 64 * 1024


def _read(path: Path, start: int, length: int) -> Iterator[bytes]:
    with path.open("rb") as handle:
        handle.seek(start)
        while length > 0:
            block = handle.read(min(_BLOCK, length))
            if not block:
                return
            length -= len(block)
            yield block


def ranged_file_response(
    request: HttpRequest, path: Path, *, content_type: str, etag: str, max_age: int = 3600
) -> HttpResponseBase:
    """A file, whole or the one byte range the request asks for, with its validators.

    Players seek in a video by asking for byte ranges, and Safari plays no video whose
    server ignores them; Django's FileResponse always sends the whole file. Several ranges
    in one request are answered with the whole file, as HTTP allows.
    """
    stat = path.stat()
    size = stat.st_size
    etag = quote_etag(etag)
    conditional = get_conditional_response(request, etag=etag, last_modified=int(stat.st_mtime))
    if conditional is not None:
        return conditional
    match = _BYTE_RANGE.match(request.headers.get("Range", "").strip())
    if_range = request.headers.get("If-Range")
    if match and any(match.groups()) and (if_range is None or if_range == etag):
        first, last = match.groups()
        if first:
            start, end = int(first), min(int(last), size - 1) if last else size - 1
        else:  # the last N bytes
            start, end = max(size - int(last), 0), size - 1
        if start >= size or start > end:
            response: HttpResponseBase = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        response = StreamingHttpResponse(
            _read(path, start, end - start + 1), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    else:
        response = FileResponse(path.open("rb"), content_type=content_type)
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["Cache-Control"] = f"public, max-age={max_age}"
    return response
