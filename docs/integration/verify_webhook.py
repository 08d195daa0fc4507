"""Checks a tradecert webhook's signature with the Python 3 standard library only (docs/integration.md).

    Tradecert-Signature: t={unix seconds},v1={hex HMAC-SHA256(secret, "{t}.{raw body}")}

As a script, for a try or a test: TRADECERT_WEBHOOK_SECRET in the environment, the header as the argument,
the raw body on standard input; exits 0 when genuine, 1 when not.
"""
import hashlib
import hmac
import os
import sys
import time

TOLERANCE_SECONDS = 300


def is_genuine_webhook(secret: str, signature_header: str, raw_body: bytes, now: float | None = None) -> bool:
    parts = [part.strip().split("=", 1) for part in signature_header.split(",") if "=" in part]
    timestamp = next((value for key, value in parts if key == "t"), "")
    signatures = [value for key, value in parts if key == "v1"]
    if not timestamp.isdigit():
        return False
    if abs((time.time() if now is None else now) - int(timestamp)) > TOLERANCE_SECONDS:
        return False
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + raw_body, hashlib.sha256).hexdigest()
    return any(hmac.compare_digest(expected, given) for given in signatures)


if __name__ == "__main__":
    genuine = is_genuine_webhook(os.environ["TRADECERT_WEBHOOK_SECRET"], sys.argv[1], sys.stdin.buffer.read())
    print("genuine" if genuine else "NOT genuine")
    sys.exit(0 if genuine else 1)
