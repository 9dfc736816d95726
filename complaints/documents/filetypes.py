"""The files a PSD accepts, identified by their contents as well as their name.

A browser's content type is whatever the sender's machine guessed, and an extension is
only a name, so an upload must both carry an allowed extension and contain what that
extension promises. The one table below is the whole policy:

=====================  ======================  ===========================================
Extensions             Label                   Contents checked
=====================  ======================  ===========================================
.pdf                   PDF                     starts ``%PDF-``
.docx                  Word document           zip with [Content_Types].xml declaring a
                                               Word main part, and word/document.xml
.xlsx                  Excel spreadsheet       zip with [Content_Types].xml declaring a
                                               workbook main part, and xl/workbook.xml
.doc                   Word document           OLE2 compound file (D0 CF 11 E0 A1 B1 1A E1)
.xls                   Excel spreadsheet       OLE2 compound file
.msg                   Outlook email           OLE2 compound file
.eml                   email                   UTF-8 text with no NUL bytes
.txt                   text file               UTF-8 text with no NUL bytes
.csv                   CSV file                UTF-8 text with no NUL bytes
.jpg .jpeg             JPEG image              FF D8 FF
.png                   PNG image               the 8-byte PNG signature
.gif                   GIF image               ``GIF87a`` or ``GIF89a``
.tif .tiff             TIFF image              ``II*\\0`` or ``MM\\0*`` (scanned documents)
.mp3                   MP3 recording           an ID3 tag or an MPEG audio frame
.m4a                   M4A recording           an ISO media ``ftyp`` box
.wav                   WAV recording           RIFF ... WAVE (call and radio recordings)
.mp4                   MP4 video               an ISO media ``ftyp`` box (CCTV, stills)
=====================  ======================  ===========================================

Macro-enabled Office files (.docm, .xlsm) are refused: their [Content_Types].xml names a
macro-enabled main part, so one renamed to .docx or .xlsx does not pass. HTML, SVG,
archives and programs are not on the list, whatever they are called.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from complaints.cases.services import CaseError

ALLOWED_SENTENCE = (
    "The selected file must be a PDF, Word document, Excel spreadsheet, email, text or CSV "
    "file, image (JPG, PNG, GIF or TIFF) or recording (MP3, M4A, WAV or MP4)"
)
MAX_FILENAME = 255
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PNG = b"\x89PNG\r\n\x1a\n"
_CONTENT_TYPES = "[Content_Types].xml"
_CONTENT_TYPES_LIMIT = 1024 * 1024
_WORD_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_EXCEL_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


@dataclass(frozen=True)
class FileType:
    extensions: tuple[str, ...]
    label: str
    content_type: str
    sniff: Callable[[bytes], bool]


def _pdf(data: bytes) -> bool:
    return data.startswith(b"%PDF-")


def _ooxml(main_part: str, main_type: bytes) -> Callable[[bytes], bool]:
    """An Office Open XML package whose main part is the plain, macro-free kind."""

    def sniff(data: bytes) -> bool:
        if not data.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                names = set(package.namelist())
                if _CONTENT_TYPES not in names or main_part not in names:
                    return False
                if package.getinfo(_CONTENT_TYPES).file_size > _CONTENT_TYPES_LIMIT:
                    return False
                return main_type in package.read(_CONTENT_TYPES)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
            return False

    return sniff


def _ole2(data: bytes) -> bool:
    return data.startswith(_OLE2)


def _text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _jpeg(data: bytes) -> bool:
    return data.startswith(b"\xff\xd8\xff")


def _png(data: bytes) -> bool:
    return data.startswith(_PNG)


def _gif(data: bytes) -> bool:
    return data.startswith((b"GIF87a", b"GIF89a"))


def _tiff(data: bytes) -> bool:
    return data.startswith((b"II*\x00", b"MM\x00*"))


def _mp3(data: bytes) -> bool:
    if data.startswith(b"ID3"):
        return True
    return len(data) >= 2 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0


def _iso_media(data: bytes) -> bool:
    return data[4:8] == b"ftyp"


def _wav(data: bytes) -> bool:
    return data.startswith(b"RIFF") and data[8:12] == b"WAVE"


WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXCEL = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

TYPES: tuple[FileType, ...] = (
    FileType((".pdf",), "PDF", "application/pdf", _pdf),
    FileType((".docx",), "Word document", WORD, _ooxml("word/document.xml", _WORD_MAIN)),
    FileType((".xlsx",), "Excel spreadsheet", EXCEL, _ooxml("xl/workbook.xml", _EXCEL_MAIN)),
    FileType((".doc",), "Word document", "application/msword", _ole2),
    FileType((".xls",), "Excel spreadsheet", "application/vnd.ms-excel", _ole2),
    FileType((".msg",), "Outlook email", "application/vnd.ms-outlook", _ole2),
    FileType((".eml",), "email", "message/rfc822", _text),
    FileType((".txt",), "text file", "text/plain; charset=utf-8", _text),
    FileType((".csv",), "CSV file", "text/csv; charset=utf-8", _text),
    FileType((".jpg", ".jpeg"), "JPEG image", "image/jpeg", _jpeg),
    FileType((".png",), "PNG image", "image/png", _png),
    FileType((".gif",), "GIF image", "image/gif", _gif),
    FileType((".tif", ".tiff"), "TIFF image", "image/tiff", _tiff),
    FileType((".mp3",), "MP3 recording", "audio/mpeg", _mp3),
    FileType((".m4a",), "M4A recording", "audio/mp4", _iso_media),
    FileType((".wav",), "WAV recording", "audio/wav", _wav),
    FileType((".mp4",), "MP4 video", "video/mp4", _iso_media),
)
BY_EXTENSION: dict[str, FileType] = {ext: t for t in TYPES for ext in t.extensions}
PDF = BY_EXTENSION[".pdf"]


def extension_of(filename: str) -> str:
    return PurePosixPath(filename).suffix.lower()


def identify(filename: str, data: bytes) -> FileType:
    """The file's type, when its name is on the list and its contents are what it claims."""
    extension = extension_of(safe_filename(filename))
    file_type = BY_EXTENSION.get(extension)
    if file_type is None:
        raise CaseError(ALLOWED_SENTENCE)
    if not file_type.sniff(data):
        raise CaseError(
            f"The selected file is not a real {extension} file: its contents do not match its name"
        )
    return file_type


def safe_filename(name: str) -> str:
    """The name the sender gave, without folders or invisible characters, at most 255 long.

    Names are kept for people to read and for the download's file name; the store never
    uses them as paths. Returns "" when nothing usable is left.
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(
        " " if ch.isspace() else ch
        for ch in base
        if unicodedata.category(ch) not in ("Cc", "Cf", "Co", "Cs", "Cn") or ch.isspace()
    )
    base = " ".join(base.split()).strip(" .")
    if len(base) <= MAX_FILENAME:
        return base
    suffix = PurePosixPath(base).suffix
    if len(suffix) > 16:
        suffix = ""
    return base[: MAX_FILENAME - len(suffix)].rstrip(" .") + suffix
