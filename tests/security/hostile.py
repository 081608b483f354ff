"""Hostile input for the form fuzzing test: the forms a page offers, and strategies to fill them.

`parse_forms()` reads the forms of a page (fields, types, options, initial values) the way a
browser would submit them; `form_submissions()` builds what an attacker (or a confused user)
could post instead: very long text, NUL and control characters, odd Unicode, injection strings,
numbers and dates out of range, unknown choices, duplicated and missing fields, files with the
wrong content. Some values stay plausible (the field's initial value, a valid option) so that
deeper code paths run too.
"""

import dataclasses
import datetime
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from hypothesis import strategies as st

# --- Forms on a page ----------------------------------------------------------------------------


@dataclasses.dataclass
class Field:
    name: str
    kind: str  # the input's type ("text", "email", "file", ...), "select" or "textarea"
    value: str = ""  # what a browser would send unchanged ("" for none)
    options: tuple = ()  # the values of a select's options, of a radio group, of a checkbox
    required: bool = False
    multiple: bool = False


@dataclasses.dataclass
class Form:
    page: str  # the path the form was found on
    action: str  # the path it submits to
    fields: list
    method: str = "post"


class _FormParser(HTMLParser):
    # Buttons send their value only when they are the one pressed; a browser sends the first one.
    _SKIPPED_TYPES = {"submit", "button", "reset", "image"}

    def __init__(self, page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms = []
        self._form = None
        self._fields = {}
        self._select = None
        self._option = None
        self._textarea = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        attrs = {name: value if value is not None else "" for name, value in attrs}
        if tag == "form":
            action = urljoin(self.page, attrs.get("action") or self.page)
            parts = urlsplit(action)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            method = "post" if attrs.get("method", "get").lower() == "post" else "get"
            self._form = Form(page=self.page, action=path, fields=[], method=method)
            self._fields = {}
            return
        if self._form is None or "disabled" in attrs:
            if tag == "option" and self._select is not None:
                self._option = None
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in self._SKIPPED_TYPES:
                return
            value = attrs.get("value", "on" if kind in {"checkbox", "radio"} else "")
            if kind in {"checkbox", "radio"}:
                field = self._add(name, kind, "", attrs, multiple=kind == "checkbox")
                field.options += (value,)
                if "checked" in attrs:
                    field.value = value
            else:
                self._add(name, kind, value, attrs)
        elif tag == "select" and name:
            self._select = self._add(name, "select", "", attrs, multiple="multiple" in attrs)
        elif tag == "option" and self._select is not None:
            self._option = attrs
            self._text = []
        elif tag == "textarea" and name:
            self._textarea = self._add(name, "textarea", "", attrs)
            self._text = []

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self._form.fields = list(self._fields.values())
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "option" and self._option is not None:
            self._close_option()
        elif tag == "textarea" and self._textarea is not None:
            # Browsers drop the newline right after <textarea>.
            self._textarea.value = "".join(self._text).removeprefix("\n")
            self._textarea = None

    def handle_data(self, data):
        if self._option is not None or self._textarea is not None:
            self._text.append(data)

    def _close_option(self):
        value = self._option.get("value", "".join(self._text).strip())
        self._select.options += (value,)
        if "selected" in self._option:
            self._select.value = value
        elif (
            not self._select.value and not self._select.multiple and len(self._select.options) == 1
        ):
            self._select.value = value  # a browser submits the first option when none is selected
        self._option = None

    def _add(self, name, kind, value, attrs, multiple=False):
        field = self._fields.get(name)
        if field is None:
            field = Field(name=name, kind=kind, value=value, multiple=multiple)
            self._fields[name] = field
        field.required = field.required or "required" in attrs
        return field


def parse_forms(html, page):
    """Return the forms of an HTML page found at the path `page`, GET and POST."""
    parser = _FormParser(page)
    parser.feed(html)
    parser.close()
    return parser.forms


# --- Hostile values -----------------------------------------------------------------------------

INJECTIONS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "'; DROP TABLE members_organisation; --",
    "' OR '1'='1",
    '" OR ""="',
    "1; SELECT pg_sleep(5)",
    "{{7*7}}",
    "{% debug %}",
    "${7*7}",
    "%s%n%x%d",
    "%(password)s",
    "{0.__class__}",
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "\\",
    "%00",
    "<!--",
    "]]>",
    "-->",
    "null",
    "None",
    "undefined",
    "true",
    "[]",
    "{}",
    '{"__proto__": {"admin": true}}',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "+48 123",
    "admin@example.com\r\nBcc: victim@example.com",
)
ODD_UNICODE = (
    "\u202eevil\u202c",  # right-to-left override
    "\u200b\u200c\u200d\ufeff",  # zero-width characters
    "e\u0301\u0301\u0301\u0301",  # combining accents
    "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e\u0349",
    "👩‍👩‍👧‍👦🏳️‍🌈🇵🇱",
    "𝕳𝖊𝖑𝖑𝖔",
    "ﷺ",
    "\u0000",
    "\x00\x01\x02\x7f",
    "line\r\nbreak",
    "\t",
    " ",
    "\u00a0",
    "Zażółć gęślą jaźń",
    "ＡＢＣ",
    "İı",
    "ß",
)
NUMBERS = (
    "0",
    "-1",
    "-0",
    "1e309",
    "-1e309",
    "NaN",
    "nan",
    "Infinity",
    "-inf",
    "9" * 40,
    "-" + "9" * 40,
    "2147483648",
    "9223372036854775808",
    "-9223372036854775809",
    "0x10",
    "1_000",
    "1,5",
    "1.5",
    "١٢٣",  # Arabic-Indic digits
    "  7  ",
    "+7",
    "1e5",
    "",
)
DATES = (
    "0000-00-00",
    "2026-02-30",
    "2026-13-01",
    "9999-12-31",
    "10000-01-01",
    "0001-01-01",
    "1-1-1",
    "-2026-01-01",
    "2026-01-01T25:61",
    "2026-12-31T23:59:60",
    "9999-12-31T23:59",
    "0001-01-01T00:00",
    "today",
    "31.12.2026",
    "2026/12/31",
    "",
)


def _repeated(piece, times):
    return piece * times


def _around_nul(text):
    return f"{text}\x00{text}"


# Text an attacker could type into any field. Built once: Hypothesis strategies are costly to
# build and cheap to draw from, and every form draws from these.
HOSTILE_TEXT = st.one_of(
    st.sampled_from(INJECTIONS),
    st.sampled_from(ODD_UNICODE),
    # Any code point a request can carry (no lone surrogates), control and format characters too.
    st.text(st.characters(codec="utf-8"), max_size=40),
    st.builds(_repeated, st.sampled_from(["A", "ż", "<b>", "🙂"]), st.integers(10_001, 12_000)),
    st.builds(_around_nul, st.text(max_size=10)),
    st.sampled_from(NUMBERS),
    st.sampled_from(DATES),
)
_HOSTILE_NUMBER = st.one_of(st.sampled_from(NUMBERS), HOSTILE_TEXT)
_HOSTILE_DATE = st.one_of(st.sampled_from(DATES), HOSTILE_TEXT)
# An option that is not offered: another object's id, a removed choice, an injection.
_HOSTILE_CHOICE = st.one_of(
    st.sampled_from(["999999", "-1", "0", "1 OR 1=1", "__all__"]), HOSTILE_TEXT
)


def _plausible(field, today):
    """Values a careful user could enter in the field, so a submission can succeed."""
    kind = field.kind
    if field.options:
        return st.sampled_from([option for option in field.options if option] or [""])
    if kind == "email":
        return st.sampled_from(["someone@example.com", "Zofia.Nowak@firma.example"])
    if kind == "number":
        return st.integers(0, 100).map(str)
    if kind == "date":
        return st.integers(-30, 400).map(
            lambda days: (today + datetime.timedelta(days)).isoformat()
        )
    if kind == "datetime-local":
        return st.integers(1, 400).map(
            lambda days: f"{(today + datetime.timedelta(days)).isoformat()}T10:30"
        )
    if kind == "time":
        return st.sampled_from(["09:00", "17:30"])
    if kind == "url":
        return st.sampled_from(["https://example.com/", "https://klaster.example/o-nas"])
    if kind == "tel":
        return st.sampled_from(["+48 58 123 45 67", "601 234 567"])
    if kind == "password":
        return st.sampled_from(["correct-horse-battery", "Klaster-Demo-2026"])
    return st.sampled_from(["Nowa nazwa", "Gdańsk", "Opis działania.", "x"])


def _hostile(field):
    if field.kind in {"number", "range"}:
        return _HOSTILE_NUMBER
    if field.kind in {"date", "datetime-local", "time", "month", "week"}:
        return _HOSTILE_DATE
    if field.options:
        return _HOSTILE_CHOICE
    return HOSTILE_TEXT


def _good_value(field, today):
    # What the browser would send, or what a careful user would type: keeps the form valid.
    return st.one_of(st.just(field.value), _plausible(field, today))


def _bad_value(field, today):
    """Return what is posted for a field under attack: None leaves it out, a list repeats it."""
    bad = _hostile(field)
    return st.one_of(
        bad,
        st.none(),
        st.lists(st.one_of(_plausible(field, today), bad), min_size=2, max_size=3),
    )


# Files with the wrong content, size or name; one plausible PDF and PNG for the deeper paths.
_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FILES = (
    ("empty.pdf", b"", "application/pdf"),
    ("scan.pdf", b"MZ\x90\x00 this is an executable", "application/pdf"),
    ("logo.png", b"GIF89a not really", "image/png"),
    ("logo.png", _PNG[:20], "image/png"),
    ("evil.svg", b'<svg onload="alert(1)"></svg>', "image/svg+xml"),
    ("../../etc/passwd", b"root:x:0:0", "text/plain"),
    ("import.csv", b"\xff\xfe\x00n\x00a\x00m\x00e", "text/csv"),
    ("import.csv", b'name,nip\n"unterminated,1\n\x00,\n', "text/csv"),
    ("import.csv", b"=cmd|' /C calc'!A0;1234563218\n", "text/csv"),
    ("big.pdf", _PDF + b"0" * 300_000, "application/pdf"),
    ("scan.pdf", _PDF, "application/pdf"),
    ("logo.png", _PNG, "image/png"),
    ("\u202egpj.exe", _PNG, "image/png"),
)


def _upload(spec):
    name, content, content_type = spec
    return SimpleUploadedFile(name, content, content_type=content_type)


FILE_VALUE = st.one_of(st.none(), st.sampled_from(FILES).map(_upload))
# Fields no form has: mass assignment attempts and junk.
EXTRA_FIELDS = st.dictionaries(
    st.sampled_from(
        [
            "is_superuser",
            "is_coordinator",
            "is_staff",
            "status",
            "id",
            "pk",
            "user",
            "organisation",
            "__proto__",
            "next",
            "x" * 300,
        ]
    ),
    HOSTILE_TEXT,
    max_size=3,
)


def form_submissions(form, today):
    """Return a strategy for the data posted to a form: values, lists for repeated fields, files."""
    fields = [field for field in form.fields if field.name != "csrfmiddlewaretoken"]
    token = {field.name: field.value for field in form.fields if field not in fields}
    names = [field.name for field in fields]
    good = {field.name: _good_value(field, today) for field in fields if field.kind != "file"}
    bad = {field.name: _bad_value(field, today) for field in fields if field.kind != "file"}
    few_bad = st.sets(st.sampled_from(names), min_size=1, max_size=2) if names else st.just(set())

    @st.composite
    def submissions(draw):
        # Mostly one or two bad fields in an otherwise valid form, so that validation passes the
        # others and the bad value reaches the code behind; sometimes any number at once.
        if draw(st.booleans()):
            attacked = draw(few_bad)
        else:
            attacked = {name for name in names if draw(st.booleans())}
        data = dict(token)
        for field in fields:
            if field.kind == "file":
                value = draw(FILE_VALUE)
            else:
                value = draw(bad[field.name] if field.name in attacked else good[field.name])
            if value is not None:
                data[field.name] = value
        if draw(st.booleans()):
            data = {**draw(EXTRA_FIELDS), **data}
        return data

    return submissions()


_QUERY_VALUE = st.one_of(
    # A NUL in a search or filter reaches PostgreSQL unless something stops it first.
    st.sampled_from(["a\x00b", "\x00"]),
    HOSTILE_TEXT,
    st.sampled_from(["1", "2", "0", "-1", "last", "999999", "name", "-name", "?", "__class__"]),
)
_QUERY_VALUES = st.one_of(_QUERY_VALUE, st.lists(_QUERY_VALUE, min_size=2, max_size=3))
_GENERIC_PARAMETERS = st.dictionaries(
    st.sampled_from(["page", "sort", "q", "o", "format", "lang"]), _QUERY_VALUES, max_size=2
)


def _merged(generic, own):
    return {**generic, **own}


def query_strings(names):
    """Return a strategy for the GET parameters of a list page: its own filters and others."""
    own = st.fixed_dictionaries({}, optional=dict.fromkeys(names, _QUERY_VALUES))
    return st.builds(_merged, _GENERIC_PARAMETERS, own)


# --- Database state -----------------------------------------------------------------------------

# Tables that record that a request happened, not what it asked for; a refused request may
# legitimately write to them.
BOOKKEEPING = {
    # The session a request runs in is created or refreshed on any request (login, messages).
    "sessions.session",
    # django-axes logs every login attempt, failed ones above all: that is its job.
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    # allauth remembers who logged in by what means; it changes on a login attempt, not a form.
    "usersessions.usersession",
}


def counted_models():
    """Return the models whose row counts a refused request must leave unchanged."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)  # many-to-many tables too
        if model._meta.label_lower not in BOOKKEEPING and model._meta.managed
    ]


def row_counts(models):
    """Return {model label: row count}, in one query: it runs twice per fuzzed request."""
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(model._meta.db_table)})" for model in models)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")  # noqa: S608 - table names from the models
        row = cursor.fetchone()
    return {model._meta.label_lower: count for model, count in zip(models, row, strict=True)}
