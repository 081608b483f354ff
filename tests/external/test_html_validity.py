"""Every public page, as an anonymous visitor sees it, is valid HTML for the Nu HTML Checker.

The pages come from a breadth-first crawl of the demo cluster from the home page in each language
and from the sitemap; the checker runs once over all of them, and over our style sheets.
"""

import io
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter, deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import Resolver404, resolve
from django.utils import timezone, translation

from events.models import Event
from news.models import Subscriber, Topic
from tests.conftest import VNU_JAR

pytestmark = [pytest.mark.external, pytest.mark.django_db]

LANGUAGES = ("pl", "en", "de", "fr", "ru")
PAGE_CAP = 400
# A few pages of each view in each language, with and without a query string (filters,
# pagination), show all the markup; the sitemap alone lists hundreds of member profiles.
PAGES_PER_VIEW = 3
SKIPPED_PREFIXES = ("/static/", "/media/", "/i18n/", "/newsletter/unsubscribe/")
# Not HTML (feeds, calendars, documents, exports, the network picture) or not for visitors.
SKIPPED_SUFFIXES = (".pdf", ".ics", ".csv", ".xlsx", ".svg", ".xml", "/feed/", "/logout/")
SKIPPED_SEGMENTS = ("/admin/", "/panel/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _links(url, html):
    parser = _Links()
    parser.feed(html)
    for href in parser.hrefs:
        absolute = urldefrag(urljoin(f"http://testserver{url}", href)).url
        parts = urlsplit(absolute)
        if parts.scheme in {"http", "https"} and parts.netloc == "testserver":
            yield parts.path + (f"?{parts.query}" if parts.query else "")


def _crawlable(url):
    path = urlsplit(url).path
    return not (
        path.startswith(SKIPPED_PREFIXES)
        or path.endswith(SKIPPED_SUFFIXES)
        or any(segment in path for segment in SKIPPED_SEGMENTS)
    )


def _view(url):
    """Name the view and language of a URL, and whether a query string changes what it shows."""
    parts = urlsplit(url)
    language = parts.path.split("/")[1]
    with translation.override(language if language in LANGUAGES else None):
        try:
            view_name = resolve(parts.path).view_name
        except Resolver404:
            view_name = parts.path
    return language, view_name, bool(parts.query)


def _sitemap_paths(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    return [
        urlsplit(loc.text).path for loc in ET.fromstring(response.content).iter(f"{namespace}loc")
    ]


def _start(client):
    """Start at the home pages and the directory's search, then the sitemap's pages."""
    start = [f"/{language}/" for language in LANGUAGES]
    start += ["/en/members/?q=gda", "/en/members/?q=no-such-member"]
    per_view = Counter()
    for path in _sitemap_paths(client):
        view = _view(path)
        if path not in start and per_view[view] < PAGES_PER_VIEW:
            per_view[view] += 1
            start.append(path)
    return start


def _crawl(client, start):
    """Fetch public pages breadth-first; return the HTML pages and the links that failed."""
    queue = deque(start)
    seen = set(start)
    per_view = Counter(_view(url) for url in start)
    pages, broken = {}, []
    while queue and len(pages) < PAGE_CAP:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code in {301, 302}:
            targets = [response["Location"]]
        elif response.status_code == 200:
            if not response["Content-Type"].startswith("text/html"):
                continue
            html = response.content.decode()
            pages[url] = html
            targets = list(_links(url, html))
        else:
            broken.append(f"{url}: HTTP {response.status_code}")
            continue
        for target in targets:
            target = urlsplit(target)
            target = target.path + (f"?{target.query}" if target.query else "")
            if target in seen or not _crawlable(target):
                continue
            view = _view(target)
            if per_view[view] >= PAGES_PER_VIEW:
                continue
            per_view[view] += 1
            seen.add(target)
            queue.append(target)
    return pages, broken


def _public_event():
    return (
        Event.objects.filter(
            status=Event.Status.PUBLISHED,
            audience=Event.Audience.PUBLIC,
            starts_at__gte=timezone.now(),
        )
        .order_by("starts_at")
        .first()
    )


def _link_in_last_mail(pattern):
    return re.search(rf"http://testserver(/\S+{pattern}\S+/)", mail.outbox[-1].body).group(1)


def _html(response, status=200):
    assert response.status_code == status, f"{response.request['PATH_INFO']}: {response}"
    return response.content.decode()


def _pages_no_link_leads_to(client, capture):
    """Pages shown after a POST or reached from an e-mail, with a bad and a good token."""
    event = _public_event()
    pages = {
        f"POST {url} (invalid)": _html(client.post(url, data))
        for url, data in (
            ("/en/join/", {"name": ""}),
            ("/en/newsletter/", {"email": "not-an-address"}),
            ("/en/accounts/login/", {"login": "nobody@example.com", "password": "wrong"}),
            (f"/en/events/{event.slug}/guest/", {"email": "not-an-address"}),
        )
    }
    for url, status in (
        ("/en/newsletter/confirm/not-a-token/", 400),
        ("/en/events/confirm/not-a-token/", 400),
        ("/en/accounts/invitation/not-a-token/", 410),
    ):
        pages[f"{url} (bad token)"] = _html(client.get(url), status)

    general = Topic.objects.get(code=Topic.GENERAL)
    with capture(execute=True):
        client.post(
            "/en/newsletter/",
            {"email": "reader@example.com", "topics": [general.pk], "consent": "on"},
        )
    confirm = _link_in_last_mail("/newsletter/confirm/")
    pages[confirm] = _html(client.get(confirm))
    pages[f"POST {confirm}"] = _html(client.post(confirm))
    preferences = f"/en/newsletter/preferences/{Subscriber.objects.get().token}/"
    pages[preferences] = _html(client.get(preferences))

    with capture(execute=True):
        client.post(
            f"/en/events/{event.slug}/guest/",
            {"first_name": "Ewa", "last_name": "Gość", "email": "ewa@example.org"},
        )
    guest_confirm = _link_in_last_mail("/events/confirm/")
    pages[guest_confirm] = _html(client.get(guest_confirm))
    with capture(execute=True):
        registration = client.post(guest_confirm, follow=True)
    assert "/events/registrations/" in registration.request["PATH_INFO"]
    pages[registration.request["PATH_INFO"]] = _html(registration)
    return pages


def _run_vnu(paths):
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--errors-only",
            "--also-check-css",
            *paths,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # The checker writes its report to standard error and exits 1 when it found errors.
    assert result.returncode in {0, 1}, result.stderr
    return json.loads(result.stderr)["messages"]


def test_every_public_page_and_style_sheet_is_valid(
    client, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://testserver"
    call_command("seed_demo", stdout=io.StringIO())
    pages, broken = _crawl(client, _start(client))
    pages.update(_pages_no_link_leads_to(client, django_capture_on_commit_callbacks))

    labels = {}
    for number, (url, html) in enumerate(pages.items()):
        path = tmp_path / f"page-{number:03}.html"
        path.write_text(html, encoding="utf-8")
        labels[str(path)] = url
    for sheet in sorted((Path(settings.BASE_DIR) / "static" / "css").glob("*.css")):
        labels[str(sheet)] = f"static/css/{sheet.name}"
    messages = _run_vnu(labels)

    errors = [
        f"{labels.get(urlsplit(message.get('url', '')).path, message.get('url'))}"
        f":{message.get('lastLine', '?')}: {message['message']} "
        f"[{message.get('extract', '').strip()}]"
        for message in messages
        if message["type"] in {"error", "non-document-error"}
    ]
    assert len(pages) > 100, f"the crawl found only {len(pages)} pages"
    assert not broken, "links that do not work for a visitor:\n" + "\n".join(broken)
    assert not errors, f"{len(errors)} HTML/CSS errors:\n" + "\n".join(errors)
