"""The news panel: who may open it, writing articles and pages, composing and sending campaigns."""

import pytest
from django.core import mail
from django.urls import reverse

from news.models import Article, Campaign, Delivery, Page, Topic
from tests.factories import ActionGroupFactory

from .conftest import ArticleFactory, CampaignFactory, PageFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

# (url name, kwargs builder, method)
PANEL_PAGES = [
    ("index", None, "GET"),
    ("article_create", None, "GET"),
    ("article_edit", "article", "GET"),
    ("page_list", None, "GET"),
    ("page_create", None, "GET"),
    ("page_edit", "page", "GET"),
    ("campaign_list", None, "GET"),
    ("campaign_create", None, "GET"),
    ("campaign_detail", "campaign", "GET"),
    ("campaign_edit", "campaign", "GET"),
    ("campaign_preview", "campaign_language", "GET"),
    ("campaign_preview_html", "campaign_language", "GET"),
    ("subscriber_list", None, "GET"),
    ("campaign_send", "campaign", "POST"),
    ("campaign_unschedule", "campaign", "POST"),
    ("campaign_test", "campaign", "POST"),
]
PAGE_IDS = [name for name, _kind, _method in PANEL_PAGES]


@pytest.fixture
def objects():
    campaign = CampaignFactory()
    return {
        "article": {"pk": ArticleFactory().pk},
        "page": {"pk": PageFactory().pk},
        "campaign": {"pk": campaign.pk},
        "campaign_language": {"pk": campaign.pk, "language": "de"},
    }


def _url(name, kind, objects):
    with_kwargs = objects[kind] if kind else {}
    return reverse(f"panel_news:{name}", kwargs=with_kwargs).replace("/pl/", "/en/", 1)


@pytest.mark.parametrize(("name", "kind", "method"), PANEL_PAGES, ids=PAGE_IDS)
def test_anonymous_visitors_are_sent_to_log_in(client, objects, name, kind, method):
    response = getattr(client, method.lower())(_url(name, kind, objects))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(("name", "kind", "method"), PANEL_PAGES, ids=PAGE_IDS)
@pytest.mark.parametrize("persona", ["outsider", "employee", "representative", "council_member"])
def test_users_without_the_coordinator_role_get_403(
    request, client_for, objects, persona, name, kind, method
):
    client = client_for(request.getfixturevalue(persona))

    response = getattr(client, method.lower())(_url(name, kind, objects))

    assert response.status_code == 403


@pytest.mark.parametrize(("name", "kind", "method"), PANEL_PAGES[:13], ids=PAGE_IDS[:13])
def test_coordinators_open_every_page(client_for, coordinator, objects, name, kind, method):
    response = client_for(coordinator).get(_url(name, kind, objects))

    assert response.status_code == 200


def test_unknown_objects_are_404(client_for, coordinator):
    client = client_for(coordinator)

    assert client.get("/en/panel/news/articles/999/edit/").status_code == 404
    assert client.get("/en/panel/news/campaigns/999/").status_code == 404
    campaign = CampaignFactory()
    assert client.get(f"/en/panel/news/campaigns/{campaign.pk}/preview/xx/").status_code == 404


# --- Articles and pages -------------------------------------------------------------------------


def test_a_coordinator_writes_an_article_in_two_languages(client_for, coordinator):
    response = client_for(coordinator).post(
        "/en/panel/news/articles/new/",
        {
            "title_pl": "Nowy członek",
            "body_pl": "<p>Witamy <b>nowego</b> członka.</p><script>alert(1)</script>",
            "title_en": "A new member",
            "body_en": "<p>Welcome.</p>",
            "slug": "nowy-czlonek",
            "category": Article.Category.MEMBERS,
            "status": Article.Status.PUBLISHED,
            "tags": "członkowie, ICT",
        },
    )

    article = Article.objects.get()
    assert response.status_code == 302
    assert article.author == coordinator
    assert article.body_pl == "<p>Witamy <b>nowego</b> członka.</p>"
    assert article.published_at is not None
    assert sorted(article.tags.values_list("slug", flat=True)) == ["czlonkowie", "ict"]


def test_the_form_refuses_a_reserved_slug(client_for, coordinator):
    response = client_for(coordinator).post(
        "/en/panel/news/articles/new/", {"title_pl": "Kanał", "slug": "feed", "status": "draft"}
    )

    assert response.status_code == 400
    assert "This address is reserved" in response.content.decode()
    assert not Article.objects.exists()


def test_the_article_list_shows_missing_translations(client_for, coordinator):
    ArticleFactory(title_pl="Częściowo", title_en="Partly", body_en="<p>En</p>")

    content = client_for(coordinator).get("/en/panel/news/").content.decode()

    for code, name in (("DE", "German"), ("FR", "French"), ("RU", "Russian")):
        assert f'<abbr title="{name}">{code}</abbr>' in content
    assert '<abbr title="English">EN</abbr>' not in content


@pytest.mark.parametrize(
    "url", ["/en/panel/news/", "/en/panel/news/pages/", "/en/panel/news/subscribers/"]
)
def test_panel_lists_run_the_same_queries_for_10_and_200_rows(
    client_for, coordinator, query_count, url
):
    client = client_for(coordinator)

    def rows(count):
        for _ in range(count):
            ArticleFactory()
            PageFactory()
            SubscriberFactory()

    rows(10)
    few = query_count(lambda: client.get(url))
    rows(190)
    many = query_count(lambda: client.get(url))

    assert few == many


def test_the_campaign_list_runs_the_same_queries_for_10_and_200_campaigns(
    client_for, coordinator, query_count
):
    client = client_for(coordinator)
    CampaignFactory.create_batch(10)
    few = query_count(lambda: client.get("/en/panel/news/campaigns/"))
    CampaignFactory.create_batch(190)
    many = query_count(lambda: client.get("/en/panel/news/campaigns/"))

    assert few == many


def test_a_coordinator_edits_a_page(client_for, coordinator):
    page = PageFactory(slug="about", title_pl="O nas")

    response = client_for(coordinator).post(
        f"/en/panel/news/pages/{page.pk}/edit/",
        {"slug": "about", "title_pl": "O klastrze", "title_de": "Über uns", "body_de": "<p>x</p>"},
    )

    page.refresh_from_db()
    assert response.status_code == 302
    assert (page.title_pl, page.title_de) == ("O klastrze", "Über uns")
    assert Page.objects.count() == 1


# --- Campaigns ----------------------------------------------------------------------------------


def test_a_coordinator_composes_a_campaign_for_a_topic_and_an_action_group(client_for, coordinator):
    group = ActionGroupFactory()
    events = Topic.objects.get(code=Topic.EVENTS)

    response = client_for(coordinator).post(
        "/en/panel/news/campaigns/new/",
        {
            "subject_pl": "Zaproszenie",
            "body_pl": "<p>Zapraszamy</p><img src=x onerror=alert(1)>",
            "topics": [events.pk],
            "action_groups": [group.pk],
        },
    )

    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert campaign.body_pl == '<p>Zapraszamy</p><img src="x">'
    assert list(campaign.topics.all()) == [events]
    assert list(campaign.action_groups.all()) == [group]


def test_a_campaign_needs_an_audience(client_for, coordinator):
    response = client_for(coordinator).post(
        "/en/panel/news/campaigns/new/", {"subject_pl": "S", "body_pl": "<p>B</p>"}
    )

    assert response.status_code == 400
    assert "Choose who receives the campaign" in response.content.decode()


def test_the_preview_shows_each_language_with_the_fallback_noted(client_for, coordinator):
    campaign = CampaignFactory()
    client = client_for(coordinator)

    english = client.get(f"/en/panel/news/campaigns/{campaign.pk}/preview/en/").content.decode()
    german = client.get(f"/en/panel/news/campaigns/{campaign.pk}/preview/de/").content.decode()
    html = client.get(f"/en/panel/news/campaigns/{campaign.pk}/preview/en/email.html")

    assert "Cluster newsletter" in english
    assert "Hello, here is the news." in english
    assert "Biuletyn klastra" in german
    assert "these recipients get the Polish text" in german
    assert "<p>Hello, here is the news.</p>" in html.content.decode()
    assert "default-src 'none'" in html["Content-Security-Policy"]


def test_test_send_and_send_now_from_the_panel(
    client_for, coordinator, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="czytelnik@example.com")
    campaign = CampaignFactory()
    client = client_for(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/panel/news/campaigns/{campaign.pk}/test/", {"language": "en"})
    assert [message.to for message in mail.outbox] == [[coordinator.email]]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/panel/news/campaigns/{campaign.pk}/send/", {"when": "now"})

    assert response.status_code == 302
    assert Delivery.objects.get().status == Delivery.Status.SENT
    assert mail.outbox[-1].to == ["czytelnik@example.com"]
    detail = client.get(f"/en/panel/news/campaigns/{campaign.pk}/").content.decode()
    assert 'http-equiv="refresh"' not in detail


def test_the_status_page_refreshes_itself_while_sending(client_for, coordinator):
    campaign = CampaignFactory(status=Campaign.Status.SENDING)
    Delivery.objects.create(campaign=campaign, email="a@example.com", language="pl", token="a")
    Delivery.objects.create(
        campaign=campaign, email="b@example.com", language="pl", token="b", status="sent"
    )

    content = client_for(coordinator).get(f"/en/panel/news/campaigns/{campaign.pk}/").content
    content = content.decode()

    assert '<meta http-equiv="refresh" content="5">' in content
    assert "<dt>Queued</dt><dd>1</dd>" in content
    assert "<dt>Sent</dt><dd>1</dd>" in content


def test_scheduling_and_cancelling_from_the_panel(client_for, coordinator):
    SubscriberFactory()
    campaign = CampaignFactory()
    client = client_for(coordinator)

    client.post(
        f"/en/panel/news/campaigns/{campaign.pk}/send/",
        {"when": "later", "send_at": "2099-01-01T10:00"},
    )
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SCHEDULED
    assert campaign.send_at.year == 2099

    client.post(f"/en/panel/news/campaigns/{campaign.pk}/unschedule/")
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.DRAFT


def test_scheduling_without_a_time_is_refused_on_the_field(client_for, coordinator):
    SubscriberFactory()
    campaign = CampaignFactory()

    response = client_for(coordinator).post(
        f"/en/panel/news/campaigns/{campaign.pk}/send/", {"when": "later"}
    )

    assert response.status_code == 400
    assert "Choose when the campaign is to be sent." in response.content.decode()


def test_a_campaign_being_sent_cannot_be_edited(client_for, coordinator):
    campaign = CampaignFactory(status=Campaign.Status.SENDING)

    response = client_for(coordinator).get(f"/en/panel/news/campaigns/{campaign.pk}/edit/")

    assert response.status_code == 302
