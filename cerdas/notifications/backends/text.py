"""Text as the chat providers count it: limits in UTF-16 code units (Telegram's and
Meta's), cut without splitting a character, and the chat's `*bold*` for Telegram."""

import html
import re

ELLIPSIS = "…"
_BOLD = re.compile(r"\*([^*\n]+)\*")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def truncate(text: str, limit: int) -> str:
    """`text` cut to at most `limit` UTF-16 code units, ending with "…" when cut. Never
    splits a surrogate pair (an emoji) and prefers the last space of the kept part."""
    if utf16_len(text) <= limit:
        return text
    budget, kept = limit - 1, []
    for char in text:
        budget -= 2 if ord(char) > 0xFFFF else 1
        if budget < 0:
            break
        kept.append(char)
    head = "".join(kept)
    space = head.rfind(" ")
    if space > len(head) * 0.8:
        head = head[:space]
    return head.rstrip() + ELLIPSIS


def telegram_html(text: str) -> str:
    """Plain chat text as Telegram HTML: <, > and & escaped, *word* made bold."""
    return _BOLD.sub(r"<b>\1</b>", html.escape(text, quote=False))
