#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Writes an OCSP answer with chosen dates, which `openssl ocsp` cannot
# make: "good" for CERT, issued by ISSUER, signed by ISSUER's key, no nonce,
# thisUpdate and nextUpdate (or "none") in seconds from now.
#   ocsp-response.py CERT ISSUER ISSUER_KEY THIS_UPDATE NEXT_UPDATE OUT
import datetime
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp

cert_path, issuer_path, key_path, this_update, next_update, out_path = sys.argv[1:]

with open(cert_path, "rb") as f:
    cert = x509.load_pem_x509_certificate(f.read())
with open(issuer_path, "rb") as f:
    issuer = x509.load_pem_x509_certificate(f.read())
with open(key_path, "rb") as f:
    key = serialization.load_pem_private_key(f.read(), password=None)

now = datetime.datetime.utcnow().replace(microsecond=0)
builder = ocsp.OCSPResponseBuilder().add_response(
    cert=cert,
    issuer=issuer,
    algorithm=hashes.SHA1(),
    cert_status=ocsp.OCSPCertStatus.GOOD,
    this_update=now + datetime.timedelta(seconds=int(this_update)),
    next_update=None if next_update == "none" else now + datetime.timedelta(seconds=int(next_update)),
    revocation_time=None,
    revocation_reason=None,
).responder_id(ocsp.OCSPResponderEncoding.HASH, issuer)
response = builder.sign(key, hashes.SHA256())

with open(out_path, "wb") as f:
    f.write(response.public_bytes(serialization.Encoding.DER))
