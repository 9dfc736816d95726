"""A content-addressed file store: each file is named by the SHA-256 of its bytes.

Files live at ``<root>/<aa>/<bb>/<sha256>``, outside the web root, so the only way to a
file is through a service that knows its hash from an attachment row. Reading re-hashes
the bytes, so a file changed, truncated or removed on disk is refused, never served.

Errors on reading: ``TamperedFile`` when the bytes no longer match their name, and its
subclass ``MissingFile`` when there is nothing there; catching ``TamperedFile`` covers both.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from pathlib import Path

FILE_MODE = 0o640
DIR_MODE = 0o750
_DIGEST = re.compile(r"[0-9a-f]{64}")


class TamperedFile(Exception):
    """The stored bytes are not the bytes recorded: serving them would pass off a changed file."""


class MissingFile(TamperedFile):
    """Nothing is stored under the hash an attachment records."""


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_digest(sha256: str) -> str:
    """Only a bare hex digest becomes part of a path, so no path can be smuggled in."""
    if not isinstance(sha256, str) or not _DIGEST.fullmatch(sha256):
        raise ValueError("A stored file is named by 64 lowercase hexadecimal characters")
    return sha256


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        check_digest(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, data: bytes) -> str:
        """Store the bytes once; a copy damaged on disk is replaced by the good bytes."""
        sha256 = sha256_of(data)
        path = self.path_for(sha256)
        if self._holds(path, sha256):
            return sha256
        self._make_dirs(path.parent)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, FILE_MODE)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise
        _sync_directory(path.parent)
        return sha256

    def get(self, sha256: str) -> bytes:
        path = self.path_for(sha256)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise MissingFile("This file is missing from the document store") from None
        if sha256_of(data) != sha256:
            raise TamperedFile("This file has changed since it was stored, so it cannot be opened")
        return data

    def remove(self, sha256: str) -> None:
        """Delete a file for good (disposal under the retention schedule); gone already is fine."""
        with contextlib.suppress(FileNotFoundError):
            self.path_for(sha256).unlink()

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def _holds(self, path: Path, sha256: str) -> bool:
        try:
            return sha256_of(path.read_bytes()) == sha256
        except FileNotFoundError:
            return False

    def _make_dirs(self, directory: Path) -> None:
        """Create each missing level with DIR_MODE itself, whatever the process umask."""
        missing = []
        while not directory.exists():
            missing.append(directory)
            directory = directory.parent
        for level in reversed(missing):
            with contextlib.suppress(FileExistsError):
                level.mkdir(mode=DIR_MODE)
                os.chmod(level, DIR_MODE)


def _sync_directory(directory: Path) -> None:
    """Make the rename durable: without this a crash can lose a file already recorded."""
    flags = getattr(os, "O_DIRECTORY", None)
    if flags is None:
        return
    descriptor = os.open(directory, os.O_RDONLY | flags)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
