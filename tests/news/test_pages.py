"""The cluster's editable pages in five languages, and the demo seed."""

import pytest
from django.core.management import call_command

from news.models import Article, Page

from .conftest import PageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", [None, "outsider", "representative", "coordinator"])
def test_everyone_may_read_a_page(request, client_for, persona):
    user = request.getfixturevalue(persona) if persona else None
    PageFactory(slug="about", title_pl="O klastrze", title_en="About", body_en="<p>Us.</p>")

    response = client_for(user).get("/en/pages/about/")

    assert response.status_code == 200
    assert "About" in response.content.decode()


def test_an_unknown_page_is_404(client):
    assert client.get("/en/pages/nothing-here/").status_code == 404


def test_an_untranslated_page_is_shown_in_polish_with_a_note(client):
    PageFactory(slug="contact", title_pl="Kontakt", body_pl="<p>Biuro klastra</p>")

    content = client.get("/fr/pages/contact/").content.decode()

    assert "Biuro klastra" in content
    assert '<article class="site-page" lang="pl">' in content


def test_a_page_body_is_shown_sanitised(client):
    PageFactory(slug="x", title_pl="X", body_pl="<p>ok</p><script>alert(1)</script>")

    content = client.get("/pl/pages/x/").content.decode()

    assert "alert(1)" not in content
    assert "<p>ok</p>" in content


def test_seed_news_creates_the_demo_content_once():
    call_command("seed_news")
    counts = (Article.objects.count(), Page.objects.count())
    call_command("seed_news")

    assert (Article.objects.count(), Page.objects.count()) == counts
    okip = Article.objects.get(slug="porozumienie-okip")
    assert okip.title_en and okip.title_de and okip.body_de
    assert set(Page.objects.values_list("slug", flat=True)) >= {
        "about",
        "coordinator",
        "strategy",
        "contact",
    }
