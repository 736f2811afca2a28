"""The fingerprint every piece of evidence carries."""

import hashlib


def sha256_hex(data):
    """The SHA-256 of ``data`` (bytes; nothing counts as empty), in hexadecimal."""
    return hashlib.sha256(data or b"").hexdigest()
