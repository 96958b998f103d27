"""Certificates and PAdES signatures made in the tests: a CA with an intermediate, an
official's certificate under it, and a look-alike CA nobody trusts. The signing is
pyHanko's, as a token's software would append it (an incremental update)."""

import dataclasses
import datetime as dt
import io
from functools import cache

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore


@dataclasses.dataclass(frozen=True)
class Identity:
    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()

    @property
    def pem(self) -> str:
        return self.certificate.public_bytes(serialization.Encoding.PEM).decode()


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def issue(common_name, *, organisation="Test", issuer: Identity | None = None, ca=False):
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    subject = _name(common_name, organisation)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.certificate.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650 if ca else 365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    certificate = builder.sign(issuer.key if issuer else key, hashes.SHA256())
    chain = (issuer.certificate, *issuer.chain) if issuer else ()
    return Identity(key, certificate, chain)


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
    intermediate = issue("Test Signing CA", issuer=root, ca=True)
    official = issue("Lê Văn Chính", organisation="UBND thành phố Móng Cái", issuer=intermediate)
    stranger_root = issue("Test Root CA", organisation="Ban Cơ yếu (giả)", ca=True)
    stranger = issue("Lê Văn Chính", organisation="UBND thành phố Móng Cái", issuer=stranger_root)
    return Pki(root, intermediate, official, stranger_root, stranger)


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def sign(pdf: bytes, identity: Identity, *, field: str = "ChuKyNguoiCoThamQuyen", writer=None):
    """`pdf` signed by `identity` into `field` (created when the PDF lacks it)."""
    key = asn1_keys.PrivateKeyInfo.load(
        identity.key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    signer = signers.SimpleSigner(
        signing_cert=_asn1(identity.certificate),
        signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs([_asn1(c) for c in identity.chain]),
    )
    output = io.BytesIO()
    signers.sign_pdf(
        writer or IncrementalPdfFileWriter(io.BytesIO(pdf)),
        signers.PdfSignatureMetadata(field_name=field),
        signer=signer,
        output=output,
    )
    return output.getvalue()


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
