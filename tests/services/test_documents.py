"""Case documents: only real files of the allowed kinds are kept, each served only while
its bytes still match the hash recorded when it was stored, and every download audited."""

from __future__ import annotations

import csv
import email.message
import hashlib
import io
import os
import stat
import struct
import wave
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from reportlab.pdfgen import canvas
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases.services import CaseError
from complaints.common.audit_model import AuditEvent
from complaints.documents import filetypes, services
from complaints.documents.models import Attachment, AttachmentKind
from complaints.documents.services import Upload
from complaints.documents.storage import FileStore, MissingFile, TamperedFile
from tests import factories

NOW = factories.NOW


def pdf_bytes(text: str = "Statement of the complainant") -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, text)
    page.showPage()
    page.save()
    return out.getvalue()


def image_bytes(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def ooxml_bytes(main_part: str, main_type: str, extra: dict[str, bytes] | None = None) -> bytes:
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{main_type}"/>'
        "</Types>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", content_types)
        package.writestr(main_part, "<document/>")
        for name, data in (extra or {}).items():
            package.writestr(name, data)
    return out.getvalue()


WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EXCEL_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
WORD_MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def docx_bytes() -> bytes:
    return ooxml_bytes("word/document.xml", WORD_MAIN)


def xlsx_bytes() -> bytes:
    return ooxml_bytes("xl/workbook.xml", EXCEL_MAIN)


def ole2_bytes() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def eml_bytes() -> bytes:
    message = email.message.EmailMessage()
    message["From"] = "jo.public@example.org"
    message["To"] = "psd@northshire.police.example"
    message["Subject"] = "My complaint"
    message.set_content("The officer at the front counter swore at me.")
    return message.as_bytes()


def csv_bytes() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["date", "item", "cost"])
    writer.writerow(["2026-11-01", "Damaged door (café)", "£120"])
    return out.getvalue().encode("utf-8")


def wav_bytes() -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(2)
        recording.setframerate(8000)
        recording.writeframes(bytes(1600))
    return out.getvalue()


def mp3_bytes() -> bytes:
    return b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" + bytes(413)


def iso_media_bytes(brand: bytes) -> bytes:
    return struct.pack(">I", 24) + b"ftyp" + brand + b"\x00\x00\x02\x00" + brand + b"isom"


SAMPLES = {
    ".pdf": (pdf_bytes, "application/pdf"),
    ".docx": (docx_bytes, filetypes.WORD),
    ".xlsx": (xlsx_bytes, filetypes.EXCEL),
    ".doc": (ole2_bytes, "application/msword"),
    ".xls": (ole2_bytes, "application/vnd.ms-excel"),
    ".msg": (ole2_bytes, "application/vnd.ms-outlook"),
    ".eml": (eml_bytes, "message/rfc822"),
    ".txt": (lambda: "Notes from the call — 999 log 1234".encode(), "text/plain; charset=utf-8"),
    ".csv": (csv_bytes, "text/csv; charset=utf-8"),
    ".jpg": (lambda: image_bytes("JPEG"), "image/jpeg"),
    ".jpeg": (lambda: image_bytes("JPEG"), "image/jpeg"),
    ".png": (lambda: image_bytes("PNG"), "image/png"),
    ".gif": (lambda: image_bytes("GIF"), "image/gif"),
    ".tif": (lambda: image_bytes("TIFF"), "image/tiff"),
    ".tiff": (lambda: image_bytes("TIFF"), "image/tiff"),
    ".mp3": (mp3_bytes, "audio/mpeg"),
    ".m4a": (lambda: iso_media_bytes(b"M4A "), "audio/mp4"),
    ".wav": (wav_bytes, "audio/wav"),
    ".mp4": (lambda: iso_media_bytes(b"mp42"), "video/mp4"),
}


@pytest.fixture()
def store(tmp_path: Path) -> FileStore:
    return FileStore(tmp_path / "files")


@pytest.fixture()
def handler(make_user):
    return make_user(Role.HANDLER)


@pytest.fixture()
def case(db, handler):
    return factories.complaint(db, handler=handler)


def stored_files(store: FileStore) -> list[Path]:
    if not store.root.exists():
        return []
    return [p for p in store.root.rglob("*") if p.is_file()]


def upload(db, handler, case, store, name, data, kind=AttachmentKind.EVIDENCE, **kwargs):
    return services.add_attachment(
        db, factories.actor_for(handler), case, Upload(name, data, kind, **kwargs), store, NOW
    )


# The store


def test_stored_bytes_come_back_unchanged_from_a_private_path(store):
    data = pdf_bytes()
    sha = store.put(data)
    assert sha == hashlib.sha256(data).hexdigest()
    path = store.root / sha[:2] / sha[2:4] / sha
    assert path.read_bytes() == data
    assert store.get(sha) == data
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    for directory in (store.root, path.parent.parent, path.parent):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o750


def test_the_same_bytes_are_stored_once(store):
    data = b"The same letter, uploaded twice\n"
    first = store.put(data)
    inode = store.path_for(first).stat().st_ino
    assert store.put(data) == first
    assert store.path_for(first).stat().st_ino == inode
    assert stored_files(store) == [store.path_for(first)]


def test_a_file_changed_on_disk_is_refused(store):
    sha = store.put(b"Original witness statement\n")
    path = store.path_for(sha)
    path.write_bytes(b"Edited witness statement\n")
    with pytest.raises(TamperedFile, match="changed since it was stored"):
        store.get(sha)
    path.unlink()
    with pytest.raises(MissingFile):
        store.get(sha)


def test_storing_the_bytes_again_repairs_a_damaged_copy(store):
    data = b"Body-worn video still, frame 12\n"
    sha = store.put(data)
    store.path_for(sha).write_bytes(b"truncated")
    assert store.put(data) == sha
    assert store.get(sha) == data


@pytest.mark.parametrize(
    "name",
    [
        "../" * 21 + "a",
        "/etc/passwd",
        "A" * 64,
        hashlib.sha256(b"x").hexdigest() + "\n",
        hashlib.sha256(b"x").hexdigest()[:63],
        "",
    ],
)
def test_a_name_that_is_not_a_bare_hash_cannot_reach_the_disk(store, name):
    with pytest.raises(ValueError, match="64 lowercase hexadecimal"):
        store.get(name)


# File types


def test_every_allowed_type_has_a_sample_here():
    assert set(SAMPLES) == set(filetypes.BY_EXTENSION)


@pytest.mark.parametrize("extension", sorted(SAMPLES))
def test_each_allowed_type_is_kept_with_the_type_its_contents_show(
    db, handler, case, store, extension
):
    make, content_type = SAMPLES[extension]
    data = make()
    attachment = upload(db, handler, case, store, f"Evidence item 3{extension.upper()}", data)
    assert attachment.content_type == content_type
    assert attachment.filename == f"Evidence item 3{extension.upper()}"
    assert store.get(attachment.sha256) == data


def test_a_program_renamed_to_pdf_is_refused_and_nothing_is_stored(db, handler, case, store):
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200)
    with pytest.raises(CaseError, match=r"not a real \.pdf file"):
        upload(db, handler, case, store, "statement.pdf", program)
    assert stored_files(store) == []
    assert db.scalars(select(Attachment).where(Attachment.case_id == case.id)).all() == []


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.jpg", image_bytes("PNG")),
        ("letter.docx", pdf_bytes()),
        ("budget.xlsx", docx_bytes()),
        ("report.docx", ooxml_bytes("word/document.xml", WORD_MACRO_MAIN)),
        ("report.docx", ooxml_bytes("word/other.xml", WORD_MAIN)),
        ("notes.txt", b"call log\x00\x01\x02"),
        ("notes.txt", "Café".encode("cp1252")),
        ("call.wav", mp3_bytes()),
        ("letter.doc", docx_bytes()),
    ],
)
def test_contents_that_do_not_match_the_name_are_refused(db, handler, case, store, name, data):
    with pytest.raises(CaseError, match="its contents do not match its name"):
        upload(db, handler, case, store, name, data)


@pytest.mark.parametrize(
    "name", ["setup.exe", "page.html", "drawing.svg", "evidence.zip", "macro.docm", "statement"]
)
def test_a_file_type_not_on_the_list_is_refused_whatever_it_holds(db, handler, case, store, name):
    with pytest.raises(CaseError) as refused:
        upload(db, handler, case, store, name, pdf_bytes())
    assert str(refused.value) == filetypes.ALLOWED_SENTENCE
    assert str(refused.value).startswith("The selected file must be a PDF, Word document")


def test_an_empty_file_is_refused(db, handler, case, store):
    with pytest.raises(CaseError, match="The selected file is empty"):
        upload(db, handler, case, store, "statement.pdf", b"")


def test_a_file_over_20_mb_is_refused_and_one_of_20_mb_is_kept(db, handler, case, store):
    limit = services.MAX_UPLOAD_BYTES
    assert limit == 20 * 1024 * 1024
    with pytest.raises(CaseError, match="must be smaller than 20 MB"):
        upload(db, handler, case, store, "log.txt", b"a" * (limit + 1))
    assert stored_files(store) == []
    kept = upload(db, handler, case, store, "log.txt", b"a" * limit)
    assert kept.size_bytes == limit


@pytest.mark.parametrize("kind", [AttachmentKind.LETTER, AttachmentKind.REPORT])
def test_letters_and_reports_cannot_be_uploaded(db, handler, case, store, kind):
    with pytest.raises(CaseError, match="evidence or correspondence"):
        upload(db, handler, case, store, "outcome.pdf", pdf_bytes(), kind=kind)


def test_a_description_longer_than_300_characters_is_refused(db, handler, case, store):
    with pytest.raises(CaseError, match="300 characters or fewer"):
        upload(db, handler, case, store, "a.pdf", pdf_bytes(), description="x" * 301)


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("C:\\Users\\jo\\Desktop\\statement.pdf", "statement.pdf"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("call\x00log\r\n.txt", "calllog .txt"),
        ("photo\u202egpj.exe", "photogpj.exe"),
        ("  .hidden.pdf  ", "hidden.pdf"),
        ("...", ""),
    ],
)
def test_a_filename_keeps_no_folders_or_invisible_characters(given, kept):
    assert filetypes.safe_filename(given) == kept


def test_a_long_filename_is_cut_to_255_characters_keeping_its_extension():
    name = filetypes.safe_filename("a" * 400 + ".pdf")
    assert len(name) == 255
    assert name.endswith("a.pdf")


# Keeping files with a case


def test_an_upload_is_recorded_against_the_case_and_the_uploader(db, handler, case, store):
    data = pdf_bytes()
    attachment = upload(
        db,
        handler,
        case,
        store,
        "C:\\fakepath\\Statement from Jo.pdf",
        data,
        kind=AttachmentKind.CORRESPONDENCE,
        description="  Signed   statement  ",
    )
    db.expire_all()
    row = db.get(Attachment, attachment.id)
    assert row.case_id == case.id
    assert row.kind == AttachmentKind.CORRESPONDENCE
    assert row.filename == "Statement from Jo.pdf"
    assert row.description == "Signed statement"
    assert row.size_bytes == len(data)
    assert row.sha256 == hashlib.sha256(data).hexdigest()
    assert row.uploaded_by_id == handler.id
    assert row.uploaded_at == NOW


def test_a_download_is_audited_with_the_case_and_who_opened_it(db, handler, case, store, now):
    data = pdf_bytes()
    attachment = upload(db, handler, case, store, "Jo Public statement.pdf", data)
    reader = factories.user(db, Role.APPROPRIATE_AUTHORITY)
    opened = services.open_attachment(db, factories.actor_for(reader), attachment, store, now)
    assert opened == data
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "download")).one()
    assert event.case_id == case.id
    assert event.entity_type == "attachments" and event.entity_id == attachment.id
    assert event.actor_id == reader.id
    assert event.occurred_at == now
    assert event.summary == "Evidence"
    assert "Jo Public" not in (event.summary or "")


def test_a_tampered_file_is_not_served_and_the_refusal_is_audited(db, handler, case, store, now):
    attachment = upload(db, handler, case, store, "statement.pdf", pdf_bytes())
    store.path_for(attachment.sha256).write_bytes(pdf_bytes("A different statement"))
    with pytest.raises(TamperedFile):
        services.open_attachment(db, factories.actor_for(handler), attachment, store, now)
    assert db.scalars(select(AuditEvent).where(AuditEvent.action == "download")).all() == []
    refused = db.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "refused", AuditEvent.entity_type == "attachments"
        )
    ).one()
    assert refused.case_id == case.id and refused.actor_id == handler.id
    assert refused.changes == {"reason": "changed"}


def test_a_missing_file_is_not_served(db, handler, case, store, now):
    attachment = upload(db, handler, case, store, "statement.pdf", pdf_bytes())
    os.remove(store.path_for(attachment.sha256))
    with pytest.raises(MissingFile):
        services.open_attachment(db, factories.actor_for(handler), attachment, store, now)


def test_a_generated_letter_is_kept_as_a_letter(db, handler, case, store, now):
    data = pdf_bytes("Dear Jo Public, the outcome of your complaint")
    letter = services.store_letter(
        db, factories.actor_for(handler), case, "Outcome letter", data, "Outcome", store, now
    )
    assert letter.kind == AttachmentKind.LETTER
    assert letter.content_type == "application/pdf"
    assert letter.filename == "Outcome letter.pdf"
    assert letter.uploaded_by_id == handler.id
    assert services.open_attachment(db, factories.actor_for(handler), letter, store, now) == data


def test_a_letter_that_is_not_a_pdf_is_not_kept(db, handler, case, store, now):
    with pytest.raises(CaseError, match="not a PDF"):
        services.store_letter(
            db, factories.actor_for(handler), case, "x.pdf", b"<html>", None, store, now
        )
    assert stored_files(store) == []


def test_the_app_stores_files_in_its_files_dir(app, tmp_path):
    store = services.store_for(app.config)
    assert store.root == tmp_path / "files"
    sha = store.put(b"kept under FILES_DIR\n")
    assert (tmp_path / "files" / sha[:2] / sha[2:4] / sha).is_file()
