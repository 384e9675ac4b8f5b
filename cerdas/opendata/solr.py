"""The Lucene/Solr query syntax that CKAN clients send in `q` and `fq`, parsed into a tree.

CKAN hands `q` and `fq` to Solr; harvesters and scripts written against CKAN therefore
send Solr's standard syntax: `tags:sampah OR tags:penduduk`, `samp*`, `"air bersih"`,
`-organization:dlh`, `tahun:[2020 TO *]`, `tags:(jalan OR pju) AND NOT res_format:PDF`.
This module only reads that syntax; what a field means is decided by the caller
(cerdas/opendata/queries.py), which turns the tree into a database query.

Grammar (AND binds tighter than OR; two clauses side by side are ANDed, CKAN's q.op):

    query   := or_expr EOF
    or_expr := and_expr (("OR" | "||") and_expr)*
    and_expr:= unary (("AND" | "&&")? unary)*
    unary   := ("NOT" | "!" | "-") unary | "+" unary | primary
    primary := "(" or_expr ")" | FIELD ":" (value | "(" or_expr ")") | value
    value   := PHRASE | RANGE | TERM          (TERM may hold * and ? wildcards)

Anything else (boosts `^2`, fuzzy `~1`, proximity, regular expressions `/.../`, an
unbalanced parenthesis or quote) raises SearchQueryError: CKAN answers those with its
"Search Query Error", and a client must never get a silent empty answer instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class SearchQueryError(Exception):
    """The q/fq/sort cannot be understood (CKAN: "Search Query Error", 400)."""


# --- the tree --------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A leaf: `field:value` (field None for free text); kind says how value is meant."""

    field: str | None
    value: str
    kind: str  # "word", "wildcard", "phrase", "range", "all"


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


Node = Term | Not | And | Or
MATCH_ALL = Term(None, "*", "all")

# --- tokens ----------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<open>\()
  | (?P<close>\))
  | (?P<op>&&|\|\|)
  | (?P<phrase>"(?:[^"\\]|\\.)*")
  | (?P<range>[\[{][^\]}]*[\]}])
  | (?P<word>(?:[^\s()"\\\[\]{}:^~]|\\.)+)
  | (?P<colon>:)
  | (?P<bad>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_FIELD = re.compile(r"^[A-Za-z_*][\w.]*$")
_UNESCAPE = re.compile(r"\\(.)")
_UNSUPPORTED = {
    "^": "bobot (boost) ^ tidak didukung",
    "~": "pencarian kabur/jarak (~) tidak didukung",
}


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        value = match.group()
        if kind == "space":
            continue
        if kind == "bad":
            if value in _UNSUPPORTED:
                raise SearchQueryError(_UNSUPPORTED[value])
            if value == '"':
                raise SearchQueryError("tanda kutip tidak ditutup")
            raise SearchQueryError(f"karakter tidak terduga: {value!r}")
        if kind == "word" and value.startswith("/") and value.endswith("/") and len(value) > 1:
            raise SearchQueryError("ekspresi reguler /.../ tidak didukung")
        out.append(_Tok(kind, value))
    return out


# --- the parser ------------------------------------------------------------------------

_AND_WORDS = {"AND", "&&"}
_OR_WORDS = {"OR", "||"}
_NOT_WORDS = {"NOT", "!"}


class _Parser:
    def __init__(self, tokens: list[_Tok]):
        self.tokens = tokens
        self.at = 0

    def peek(self, offset: int = 0) -> _Tok | None:
        index = self.at + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def take(self) -> _Tok:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def _is(self, token: _Tok | None, words: set[str]) -> bool:
        return token is not None and token.kind in ("word", "op") and token.text in words

    def query(self) -> Node:
        if not self.tokens:
            return MATCH_ALL
        node = self.or_expr(field=None)
        if self.peek() is not None:
            raise SearchQueryError(f"tidak terduga: {self.peek().text!r}")
        return node

    def or_expr(self, *, field: str | None) -> Node:
        parts = [self.and_expr(field=field)]
        while self._is(self.peek(), _OR_WORDS):
            self.take()
            parts.append(self.and_expr(field=field))
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def _clause_starts(self) -> bool:
        token = self.peek()
        if token is None or token.kind == "close":
            return False
        return not self._is(token, _OR_WORDS)

    def and_expr(self, *, field: str | None) -> Node:
        parts = [self.unary(field=field)]
        while self._clause_starts():
            if self._is(self.peek(), _AND_WORDS):
                self.take()
                if not self._clause_starts():
                    raise SearchQueryError("AND tanpa syarat sesudahnya")
            parts.append(self.unary(field=field))
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self, *, field: str | None) -> Node:
        token = self.peek()
        if token is None:
            raise SearchQueryError("kueri berakhir terlalu cepat")
        if self._is(token, _NOT_WORDS):
            self.take()
            return Not(self.unary(field=field))
        if token.kind == "word" and token.text[0] in "+-!" and len(token.text) > 1:
            # "-tags:x" arrives as one word "-tags" then ":": split off the sign.
            self.tokens[self.at] = _Tok("word", token.text[1:])
            child = self.unary(field=field)
            return child if token.text[0] == "+" else Not(child)
        if token.kind == "word" and token.text in ("+", "-"):
            self.take()
            child = self.unary(field=field)
            return Not(child) if token.text == "-" else child
        return self.primary(field=field)

    def primary(self, *, field: str | None) -> Node:
        token = self.take()
        if token.kind == "open":
            node = self.or_expr(field=field)
            self._close()
            return node
        if token.kind == "close":
            raise SearchQueryError("kurung tutup tanpa kurung buka")
        if token.kind == "colon":
            raise SearchQueryError("nama bidang kosong sebelum ':'")
        if token.kind == "op" or (token.kind == "word" and token.text in _AND_WORDS | _OR_WORDS):
            raise SearchQueryError(f"operator {token.text} tanpa syarat sebelumnya")
        if token.kind == "word" and self.peek() is not None and self.peek().kind == "colon":
            if field is not None:
                raise SearchQueryError("bidang di dalam bidang")
            name = _unescape(token.text)
            if not _FIELD.match(name):
                raise SearchQueryError(f"nama bidang tidak sah: {name}")
            self.take()  # the colon
            nxt = self.peek()
            if nxt is None:
                raise SearchQueryError(f"bidang {name} tanpa nilai")
            if nxt.kind == "open":
                self.take()
                node = self.or_expr(field=name)
                self._close()
                return node
            return self._value(self.take(), field=name)
        return self._value(token, field=field)

    def _close(self) -> None:
        token = self.peek()
        if token is None or token.kind != "close":
            raise SearchQueryError("kurung buka tidak ditutup")
        self.take()

    def _value(self, token: _Tok, *, field: str | None) -> Term:
        if token.kind == "phrase":
            return Term(field, _unescape(token.text[1:-1]), "phrase")
        if token.kind == "range":
            return Term(field, token.text, "range")
        if token.kind != "word":
            raise SearchQueryError(f"nilai tidak sah: {token.text!r}")
        raw = token.text
        if field == "*" and raw == "*":
            return MATCH_ALL
        if field == "*":
            raise SearchQueryError("bidang * hanya untuk *:*")
        if raw == "*":
            return Term(field, "*", "all")
        value = _unescape(raw)
        wild = bool(re.search(r"(?<!\\)[*?]", raw))
        return Term(field, raw if wild else value, "wildcard" if wild else "word")


def _unescape(text: str) -> str:
    return _UNESCAPE.sub(r"\1", text)


def parse(text: str) -> Node:
    """The tree of one q or fq string; an empty string matches everything."""
    return _Parser(_tokens(text or "")).query()


def wildcard_regex(pattern: str, *, one: str = ".", many: str = ".*") -> str:
    """A Solr wildcard term as an anchored regular expression (`samp*` -> `^samp.*$`),
    with every other character literal; valid for Python's re and PostgreSQL's ~*.
    `one` and `many` are what ? and * stand for (within one word: \\w and \\w*)."""
    out = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            out.append(re.escape(pattern[index + 1]))
            index += 2
            continue
        out.append(many if char == "*" else one if char == "?" else re.escape(char))
        index += 1
    return "^" + "".join(out) + "$"
