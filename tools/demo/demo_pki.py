"""Certificates made on the spot and a PAdES signature appended with pyHanko, as an
official's token software would: for the demo's signed decision (clearly a demo CA,
never a real one) and for the tests (tests/pki.py). Not product code."""

import dataclasses
import datetime as dt
import io

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from awards.signatures import outside_event_loop


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


def issue(
    common_name: str, *, organisation: str, issuer: Identity | None = None, ca: bool = False
) -> Identity:
    """A P-256 key and its certificate, self-signed or under `issuer`; a signer's has
    the digital signature and non-repudiation usages a signing certificate carries."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    subject = _name(common_name, organisation)
    usage = x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.certificate.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650 if ca else 730))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .sign(issuer.key if issuer else key, hashes.SHA256())
    )
    chain = (issuer.certificate, *issuer.chain) if issuer else ()
    return Identity(key, certificate, chain)


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def sign(
    pdf: bytes,
    identity: Identity,
    *,
    field: str = "ChuKyNguoiCoThamQuyen",
    writer: IncrementalPdfFileWriter | None = None,
) -> bytes:
    """`pdf` signed by `identity` into `field` (created when the PDF lacks it), as an
    incremental update."""
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
    outside_event_loop(
        signers.sign_pdf,
        writer or IncrementalPdfFileWriter(io.BytesIO(pdf)),
        signers.PdfSignatureMetadata(field_name=field),
        signer=signer,
        output=output,
    )
    return output.getvalue()
