"""Certificates and PAdES signatures made in the tests: a CA with an intermediate, an
official's certificate under it, and a look-alike CA nobody trusts. Keys, certificates
and signing are the demo's (tools/demo/demo_pki.py); the tampering is here."""

import dataclasses
import io
from functools import cache

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from tools.demo.demo_pki import Identity, issue, sign

__all__ = ["Identity", "altered_then_signed", "pki", "sign", "signed_then_altered"]


@dataclasses.dataclass(frozen=True)
class Pki:
    root: Identity
    intermediate: Identity
    official: Identity
    stranger_root: Identity
    stranger: Identity


@cache
def pki() -> Pki:
    """One set per test process (generating keys is cheap, but not free)."""
    root = issue("Test Root CA", organisation="Ban Cơ yếu (thử)", ca=True)
    intermediate = issue("Test Signing CA", organisation="Ban Cơ yếu (thử)", issuer=root, ca=True)
    official = issue("Lê Văn Chính", organisation="UBND thành phố Móng Cái", issuer=intermediate)
    # The same names under a root nobody configured: a look-alike.
    stranger_root = issue("Test Root CA", organisation="Ban Cơ yếu (giả)", ca=True)
    stranger = issue("Lê Văn Chính", organisation="UBND thành phố Móng Cái", issuer=stranger_root)
    return Pki(root, intermediate, official, stranger_root, stranger)


def _overwrite_first_page(writer: IncrementalPdfFileWriter) -> None:
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    extra = writer.add_object(
        generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 600 Td (SO 999) Tj ET")
    )
    page["/Contents"] = generic.ArrayObject([page.raw_get("/Contents"), extra])
    writer.update_container(page)


def altered_then_signed(pdf: bytes, identity: Identity) -> bytes:
    """Text drawn over the first page in the same update that carries the signature."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    _overwrite_first_page(writer)
    return sign(pdf, identity, writer=writer)


def signed_then_altered(pdf: bytes, identity: Identity) -> bytes:
    """Signed, then an update appended that draws text over the first page."""
    writer = IncrementalPdfFileWriter(io.BytesIO(sign(pdf, identity)))
    _overwrite_first_page(writer)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
