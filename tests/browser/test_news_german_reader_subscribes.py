"""A visitor switches to German, reads an article in German, subscribes and confirms.

The page texts will be translated into German, so the steps find controls by their role in the
markup (language buttons, addresses, field names) and check the German content of the article.
"""

import re

import pytest
from django.core import mail

from news.models import Subscriber, Topic
from tests.news.conftest import ArticleFactory, topics_ensure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_reads_in_german_subscribes_and_confirms(page):
    topics_ensure()
    ArticleFactory(
        slug="okip",
        title_pl="Porozumienie z OKIP",
        body_pl="<p>Treść po polsku.</p>",
        title_de="Vereinbarung mit OKIP",
        lead_de="Ein Abkommen zwischen Clustern.",
        body_de="<p>Die Cluster arbeiten zusammen.</p>",
    )

    page.goto("/pl/")
    page.locator("form.language-switcher button[value=de]").click()
    page.wait_for_url("**/de/")
    assert page.locator("html").get_attribute("lang") == "de"

    page.locator("nav.main-nav a[href='/de/news/']").click()
    page.wait_for_url("**/de/news/")
    page.get_by_role("link", name="Vereinbarung mit OKIP").click()
    page.wait_for_url("**/de/news/okip/")
    assert page.get_by_role("heading", level=1).inner_text() == "Vereinbarung mit OKIP"
    assert page.get_by_text("Die Cluster arbeiten zusammen.").is_visible()
    assert page.get_by_text("Treść po polsku.").count() == 0

    page.locator("main a[href='/de/newsletter/']").first.click()
    page.wait_for_url("**/de/newsletter/")
    form = page.locator("main form")
    form.locator("input[name=email]").fill("leser@example.de")
    events = Topic.objects.get(code=Topic.EVENTS)
    form.locator(f"input[name=topics][value='{events.pk}']").check()
    form.locator("input[name=consent]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/de/newsletter/requested/")
    subscriber = Subscriber.objects.get(email="leser@example.de")
    assert subscriber.state == Subscriber.State.PENDING
    assert subscriber.language == "de"

    [message] = [m for m in mail.outbox if m.to == ["leser@example.de"]]
    link = re.search(r"https?://\S+/de/newsletter/confirm/\S+/", message.body).group(0)
    page.goto(link)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.CONFIRMED
    assert sorted(subscriber.topics.values_list("code", flat=True)) == ["events", "general"]
    assert page.get_by_text("leser@example.de").is_visible()
