"""Evidence files are recognised by their content, not by the name the user gave."""

import zipfile

from django.utils.translation import gettext as _

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


def sniff(uploaded) -> str | None:
    """The kind of file the bytes are, or None."""
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
            with zipfile.ZipFile(uploaded) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            uploaded.seek(0)
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx"
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return "xlsx"
    return None


def check(uploaded, max_bytes: int) -> str:
    """The content type to store, or EvidenceError saying what is wrong."""
    if uploaded.size > max_bytes:
        raise EvidenceError(
            _("“%(name)s” is larger than %(limit)s MB.")
            % {"name": uploaded.name, "limit": max_bytes // (1024 * 1024)}
        )
    kind = sniff(uploaded)
    extension = "." + uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""
    if kind is None or extension not in KINDS[kind][1]:
        raise EvidenceError(
            _("“%(name)s” is not a PDF, image (PNG, JPEG), DOCX or XLSX file.")
            % {"name": uploaded.name}
        )
    return KINDS[kind][0]
