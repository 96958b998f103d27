"""Evidence files are recognised by their content, not by the name the user gave."""

from django.conf import settings
from django.utils.translation import gettext as _

from mongcai.lib.archives import ArchiveError, ArchiveLimits, check_archive

# kind: (content type, extensions users may give it)
KINDS = {
    "pdf": ("application/pdf", {".pdf"}),
    "png": ("image/png", {".png"}),
    "jpeg": ("image/jpeg", {".jpg", ".jpeg"}),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        {".docx"},
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {".xlsx"}),
}


class EvidenceError(ValueError):
    pass


def sniff(uploaded, unpacked_limit: ArchiveLimits) -> str | None:
    """The kind of file the bytes are, or None. A DOCX or XLSX that unpacks past
    the limit (a zip bomb) raises EvidenceError: whoever opened it later would
    have their computer, or ours, brought down."""
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = check_archive(uploaded, name=uploaded.name, limits=unpacked_limit)
        except ArchiveError as error:
            raise EvidenceError(str(error)) from error
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx"
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return "xlsx"
    return None


# An Office file of many thousand parts is not a document anyone wrote.
OFFICE_MAX_MEMBERS = 10_000


def check(uploaded, max_bytes: int, max_unpacked_bytes: int | None = None) -> str:
    """The content type to store, or EvidenceError saying what is wrong.

    `max_unpacked_bytes` bounds a DOCX or XLSX unpacked (default
    EVIDENCE_MAX_UNPACKED_BYTES)."""
    if uploaded.size > max_bytes:
        raise EvidenceError(
            _("“%(name)s” is larger than %(limit)s MB.")
            % {"name": uploaded.name, "limit": max_bytes // (1024 * 1024)}
        )
    unpacked = ArchiveLimits(
        members=OFFICE_MAX_MEMBERS,
        total_bytes=max_unpacked_bytes or settings.EVIDENCE_MAX_UNPACKED_BYTES,
    )
    kind = sniff(uploaded, unpacked)
    extension = "." + uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""
    if kind is None or extension not in KINDS[kind][1]:
        raise EvidenceError(
            _("“%(name)s” is not a PDF, image (PNG, JPEG), DOCX or XLSX file.")
            % {"name": uploaded.name}
        )
    return KINDS[kind][0]
