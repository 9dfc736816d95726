"""Front-end assets served so that a page view costs one request after the first.

Every ``url_for('static', ...)`` carries the file's fingerprint (``?v=`` and the first
12 hex digits of its SHA-256), so a changed file has a new address. A request that
names the current fingerprint is answered with a year's ``immutable`` caching; any
other gets the usual revalidation. Text assets (CSS, JavaScript, SVG, JSON) go gzipped
to a browser that accepts it. The compressed copy is made once per fingerprint.
"""

from __future__ import annotations

import gzip
import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, request

YEAR = 365 * 24 * 60 * 60
COMPRESSIBLE = frozenset(
    {"text/css", "text/javascript", "application/javascript", "image/svg+xml", "application/json"}
)
SMALLEST_TO_COMPRESS = 1024


@lru_cache(maxsize=256)
def _digest(path: str, modified: float, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def fingerprint(folder: str, filename: str) -> str | None:
    """The file's fingerprint, or None if there is no such file."""
    path = Path(folder) / filename
    try:
        stat = path.stat()
    except OSError:
        return None
    if not path.is_file():
        return None
    return _digest(str(path), stat.st_mtime, stat.st_size)


_GZIPPED: dict[str, bytes] = {}  # "file:fingerprint" -> its gzipped bytes


def _gzipped(key: str, data: bytes) -> bytes:
    if key not in _GZIPPED:
        _GZIPPED[key] = gzip.compress(data, compresslevel=9, mtime=0)
    return _GZIPPED[key]


def init_app(app: Flask) -> None:
    @app.url_defaults
    def _versioned(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            version = fingerprint(app.static_folder, values["filename"])
            if version:
                values["v"] = version

    @app.after_request
    def _cached(response: Response) -> Response:
        if request.endpoint != "static" or response.status_code not in (200, 304):
            return response
        filename = (request.view_args or {}).get("filename", "")
        version = fingerprint(app.static_folder, filename)
        if version is None or request.args.get("v") != version:
            return response
        response.cache_control.public = True
        response.cache_control.max_age = YEAR
        response.cache_control.immutable = True
        if (
            response.status_code == 200
            and response.mimetype in COMPRESSIBLE
            and "gzip" in request.headers.get("Accept-Encoding", "")
        ):
            data = (Path(app.static_folder) / filename).read_bytes()
            if len(data) >= SMALLEST_TO_COMPRESS:
                original = response.response
                if hasattr(original, "close"):
                    original.close()  # the file Flask opened to send as it is
                response.direct_passthrough = False
                response.set_data(_gzipped(f"{filename}:{version}", data))
                response.headers["Content-Encoding"] = "gzip"
                response.set_etag(f"{version}-gzip")
        response.vary.add("Accept-Encoding")
        return response
