"""Reading back what the product hands out, whatever its format, as the text a person sees."""

from __future__ import annotations

import io
import zipfile

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def text_of(response) -> str:
    """The text of a page, a PDF, or every file in a zip."""
    kind = response.mimetype
    if kind == "application/pdf":
        return pdf_text(response.data)
    if kind == "application/zip":
        with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
            return "\n".join(archive.read(name).decode() for name in archive.namelist())
    return response.get_data(as_text=True)
