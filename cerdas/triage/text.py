"""Indonesian complaint text, made comparable: informal writing to standard words.

Citizens write "jln rusak dkt rmh sy, sdh 2 bln gak diperbaiki". The model and the
duplicate check read `normalise(text)`: lower case, no links or punctuation, letters
typed three times or more squeezed to one ("tolonggg"), numbers kept as one token each,
and the shipped slang dictionary (data/slang.txt) applied word by word.
"""

import re
import unicodedata
from functools import cache
from pathlib import Path

SLANG_FILE = Path(__file__).parent / "data" / "slang.txt"

_URL = re.compile(r"https?://\S+|www\.\S+")
_REPEAT = re.compile(r"([a-z])\1{2,}")
_NON_WORD = re.compile(r"[^a-z0-9]+")


@cache
def slang() -> dict[str, str]:
    pairs = {}
    for line in SLANG_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        informal, standard = line.split(None, 1)
        pairs[informal] = standard
    return pairs


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = _URL.sub(" ", text)
    text = _REPEAT.sub(r"\1", text)
    words = slang()
    return " ".join(words.get(w, w) for w in _NON_WORD.sub(" ", text).split())


@cache
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@cache
def _stem_word(word: str) -> str:
    return _stemmer().stem(word)


def normalise_stemmed(text: str) -> str:
    """normalise() and then Sastrawi's stem of each word (cached per word)."""
    return " ".join(_stem_word(w) for w in normalise(text).split())
