"""The signature of a webhook, Stripe style: ``X-Rantai-Signature: t=<unix time>,v1=<hex>``,
where ``v1`` is HMAC-SHA256, keyed with the endpoint's secret, of ``f"{t}."`` followed by the
exact bytes of the body. A receiver recomputes it (see docs/decisions.md, "Receiving webhooks")
and refuses a timestamp too far from its own clock, so a captured request cannot be replayed
later by someone else."""

import hashlib
import hmac


def signature(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"
