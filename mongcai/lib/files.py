"""Serving stored or generated files: always a download, never rendered by the browser."""

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# A file claiming to be HTML or SVG must not run in our origin.
SANDBOX = "default-src 'none'; sandbox"


def attachment_response(field_file, *, filename: str, content_type: str) -> FileResponse:
    """A stored file, streamed."""
    response = FileResponse(
        field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["Content-Security-Policy"] = SANDBOX
    return response


def attachment_bytes(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    """A file generated in memory for this request."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Content-Security-Policy"] = SANDBOX
    return response
