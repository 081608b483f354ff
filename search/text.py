"""The words of a query, the text of an object in each language, and highlighted snippets.

Highlighting escapes first and marks after: a snippet is a list of plain pieces, each escaped on
its own, and only the `<mark>` around a matching word is markup. Nothing the user typed or an
object holds reaches the page unescaped.
"""

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MAX_TERM_LENGTH = 40
SNIPPET_LENGTH = 220
SNIPPET_BEFORE = 60

# Words: runs of letters and digits in any script (the underscore is not part of a word).
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSED = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss"}
)


def fold(text: str) -> str:
    """Lower-case `text` and drop its accents, as the Polish index does (unaccent)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def query_terms(query: str) -> list[str]:
    """The words of a query: letters and digits only, at most MAX_TERMS of them, each cut short.

    Every character that means something to a text-search query (quotes, `&`, `|`, `!`, `:`,
    parentheses) or to SQL is dropped here, so the terms can be joined into a query safely.
    """
    words = _WORD.findall(query[:MAX_QUERY_LENGTH])
    terms: list[str] = []
    for word in words:
        term = word[:MAX_TERM_LENGTH].lower()
        if term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


def stem_prefix(term: str) -> str:
    """A prefix of `term` that also finds its inflected forms ("klaster" finds "klastra").

    PostgreSQL has no Polish stemmer, so the Polish index matches prefixes: a long word loses its
    last two letters ("klaster" → "klast", "spotkanie" → "spotkan"), never below five. The same
    prefix decides which words a snippet marks.
    """
    if len(term) < 6:
        return term
    return term[: max(5, len(term) - 2)]


def plain(value: Any, *, is_html: bool = False) -> str:
    """Return a field's text without markup, entities decoded, whitespace collapsed."""
    text = str(value or "")
    if is_html:
        text = html.unescape(strip_tags(text))
    return " ".join(text.split())


def field_text(
    obj: Any, fields: Iterable[str], *, language: str | None, html_fields: Sequence[str]
) -> str:
    """Join the text of `fields` of `obj`; `language` picks the modeltranslation column."""
    parts = []
    for name in fields:
        column = f"{name}_{language}" if language else name
        parts.append(plain(getattr(obj, column, ""), is_html=name in html_fields))
    return " ".join(part for part in parts if part)


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


# --- Snippets ---------------------------------------------------------------------------------


def _matches(text: str, prefixes: Sequence[str]) -> list[tuple[int, int]]:
    """The (start, end) of every word of `text` that starts with one of `prefixes` (folded)."""
    if not prefixes:
        return []
    found = []
    for match in _WORD.finditer(text):
        word = fold(match.group())
        if any(word.startswith(prefix) for prefix in prefixes):
            found.append(match.span())
    return found


def highlight_prefixes(terms: Sequence[str]) -> list[str]:
    return [fold(stem_prefix(term)) for term in terms]


def highlight(text: str, prefixes: Sequence[str]) -> SafeString:
    """Escape `text` and wrap each matching word in <mark>."""
    pieces, position = [], 0
    for start, end in _matches(text, prefixes):
        pieces.append(escape(text[position:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped above


def snippet(text: str, prefixes: Sequence[str], *, length: int = SNIPPET_LENGTH) -> SafeString:
    """A piece of `text` around its first matching word, escaped and highlighted."""
    if not text:
        return mark_safe("")
    matches = _matches(text, prefixes)
    start = 0
    if matches and matches[0][0] > SNIPPET_BEFORE:
        start = text.rfind(" ", 0, matches[0][0] - SNIPPET_BEFORE) + 1
    end = start + length
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    piece = text[start:end]
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + highlight(piece, prefixes) + suffix)  # noqa: S308 - escaped
