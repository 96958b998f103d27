"""Office files (DOCX, XLSX) are zip archives: bound them before anything reads them.

A 1.5 MB zip whose one sheet decompressed to 1 GiB took a server process past
10 GB when openpyxl read it. The zip's central directory declares each
member's size, and Python's zipfile never produces more than the declared
size (ZipExtFile stops there and checks the CRC), so checking the directory
bounds what any later reader decompresses, in a few milliseconds and without
decompressing anything. Only stored and deflated members are accepted (what
Office writes): bzip2 and LZMA members are decompressed in unbounded steps.
"""

import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _


class ArchiveError(ValueError):
    """The archive is refused; the message says why, for the user."""


class NotAnArchive(ArchiveError):
    """The bytes are not a zip archive that Python reads."""


@dataclass(frozen=True)
class ArchiveLimits:
    members: int  # how many files it may hold
    total_bytes: int  # their decompressed sizes added up


def check_archive(fileobj, *, name: str, limits: ArchiveLimits) -> set[str]:
    """The names of the archive's members, or ArchiveError when it is not a zip,
    holds too many members, or decompresses to more than the limits allow."""
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise NotAnArchive(_("“%(name)s” cannot be read.") % {"name": name}) from error
    finally:
        fileobj.seek(0)
    too_much = ArchiveError(
        _("“%(name)s” unpacks to more than %(limit)s MB: it is refused.")
        % {"name": name, "limit": limits.total_bytes // (1024 * 1024)}
    )
    if len(members) > limits.members:
        raise ArchiveError(
            _("“%(name)s” holds more than %(count)s files: it is refused.")
            % {"name": name, "count": limits.members}
        )
    total = 0
    for member in members:
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise NotAnArchive(_("“%(name)s” cannot be read.") % {"name": name})
        total += member.file_size
        if total > limits.total_bytes:
            raise too_much
    return {member.filename for member in members}
