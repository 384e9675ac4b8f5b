"""Tracking codes a citizen can read over the phone: MDO-4K7Q-2P.

Five random characters and one check character from an alphabet without the look-
alikes 0/O, 1/I/L and U/V, so a code misheard or mistyped by one character is caught
before it finds someone else's case. The check is Luhn mod N.
"""

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
_N = len(ALPHABET)
_INDEX = {ch: i for i, ch in enumerate(ALPHABET)}


def _check_char(body: str) -> str:
    factor, total = 2, 0
    for ch in reversed(body):
        addend = factor * _INDEX[ch]
        factor = 1 if factor == 2 else 2
        total += addend // _N + addend % _N
    return ALPHABET[(_N - total % _N) % _N]


def new_code(prefix: str) -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(5))
    full = body + _check_char(body)
    return f"{prefix}-{full[:4]}-{full[4:]}"


def normalize(text: str) -> str:
    """Upper-case, drop spaces, and restore the dashes a caller left out."""
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(raw) < 7:
        return text.strip().upper()
    prefix, rest = raw[:-6], raw[-6:]
    return f"{prefix}-{rest[:4]}-{rest[4:]}"


def is_valid(code: str) -> bool:
    parts = code.split("-")
    if len(parts) != 3 or len(parts[1]) != 4 or len(parts[2]) != 2:
        return False
    full = parts[1] + parts[2]
    if any(ch not in _INDEX for ch in full):
        return False
    return _check_char(full[:5]) == full[5]
