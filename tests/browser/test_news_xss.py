"""A hostile article body runs no script in a real browser, whether saved or stored directly."""

import pytest

from news import services
from news.models import Article
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOSTILE = (
    "<p>Harmless text.</p>"
    "<script>window.__xss = 'script'; alert('script')</script>"
    "<img src=\"/missing.png\" onerror=\"window.__xss = 'onerror'; alert('onerror')\">"
    '<p id="hover" onmouseover="window.__xss = \'hover\'">Hover me</p>'
    "<a id=\"evil\" href=\"javascript:window.__xss='link';alert('link')\">Click me</a>"
    '<svg><script>window.__xss = "svg"</script></svg>'
    "<iframe src=\"javascript:parent.__xss='iframe'\"></iframe>"
)


@pytest.mark.parametrize("stored", ["through the service", "straight into the database"])
def test_no_script_of_a_hostile_article_runs(page, stored):
    article = services.article_save(
        actor=UserFactory(is_coordinator=True),
        data={
            "slug": "hostile",
            "title_pl": "Wrogi",
            "title_en": "Hostile",
            "body_pl": HOSTILE,
            "body_en": HOSTILE,
            "status": Article.Status.PUBLISHED,
        },
    )
    if stored == "straight into the database":
        Article.objects.filter(pk=article.pk).update(body_en=HOSTILE)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto("/en/news/hostile/")
    page.get_by_text("Hover me").hover()
    page.get_by_text("Click me").click()
    page.wait_for_timeout(300)

    assert page.get_by_text("Harmless text.").is_visible()
    assert page.evaluate("window.__xss") is None
    assert dialogs == []
    assert page.locator("article script, article iframe, article [onerror]").count() == 0
