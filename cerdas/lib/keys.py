"""Secrets shown once and stored only as their SHA-256 (API keys, wall tokens, device keys)."""

import hashlib


def key_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()
