"""Serving stored user files: always a download, never rendered by the browser."""

from django.http import FileResponse


def attachment_response(field_file, *, filename: str, content_type: str) -> FileResponse:
    response = FileResponse(
        field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    # A file claiming to be HTML or SVG must not run in our origin.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
