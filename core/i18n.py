"""Which language a translated text is shown in, and which translations it lacks.

modeltranslation shows the Polish text when a field is empty in the reader's language. Every page,
e-mail and PDF that shows such content asks here, so the fallback is found, marked and listed in
the panel by one rule: a text counts as translated into a language when its fields are filled in it.
"""

from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language, pgettext


def content_language(obj, language, required):
    """Return `language` when `obj` is translated into it, else Polish, the fallback."""
    if all(getattr(obj, f"{field}_{language}", "") for field in required):
        return language
    return settings.LANGUAGE_CODE


def fallback_language(obj, fields, language=None):
    """Return the language `fields` of `obj` are shown in instead of the reader's, or "".

    "" means nothing falls back: the reader's language is Polish, every field is translated, or
    the fields are empty in Polish too (nothing is shown at all).
    """
    language = language or get_language()
    fallback = settings.LANGUAGE_CODE
    if language == fallback:
        return ""
    for field in fields:
        if not getattr(obj, f"{field}_{language}", "") and getattr(obj, f"{field}_{fallback}", ""):
            return fallback
    return ""


def translated_languages(obj, required):
    """Return the codes of the languages `obj` is translated into; Polish, the original, always."""
    fallback = settings.LANGUAGE_CODE
    # A field empty in Polish too has nothing to translate.
    required = [field for field in required if getattr(obj, f"{field}_{fallback}", "")]
    return [
        code
        for code, _name in settings.LANGUAGES
        if code == fallback or all(getattr(obj, f"{field}_{code}", "") for field in required)
    ]


def translations_missing(obj, required):
    """Return the languages `obj` lacks one of the `required` fields in, as (code, name).

    A field left empty in Polish, the original, has nothing to translate (an optional description).
    """
    fallback = settings.LANGUAGE_CODE
    required = [field for field in required if getattr(obj, f"{field}_{fallback}", "")]
    return [
        (code, name)
        for code, name in settings.LANGUAGES
        if not all(getattr(obj, f"{field}_{code}", "") for field in required)
    ]


def fallback_marker(*, short=False):
    """Return the visible marker, in the reader's language, for text shown in Polish."""
    if short:
        # Translators: a small badge beside a title or label that has no translation yet.
        return pgettext("fallback marker", "in Polish")
    return pgettext(
        "fallback marker",
        "This text has not been translated into your language yet, so it is shown in Polish.",
    )


def marked(obj, field, *, also=()):
    """Return `obj.field` for a label in HTML: with `lang` and the marker when shown in Polish.

    `also` names fields shown with it (a question's options) that count for the fallback too.
    """
    text = getattr(obj, field)
    language = fallback_language(obj, [field, *also])
    if not language:
        return text
    return format_html(
        '<span lang="{}">{}</span> <span class="badge badge--fallback" lang="{}">{}</span>',
        language,
        text,
        get_language(),
        fallback_marker(short=True),
    )
