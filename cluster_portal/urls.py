from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.static import serve

from cooperation import contact_views as cooperation_contact_views
from core import views as core_views
from news import newsletter_views
from portal import views as portal_views
from portal.sitemaps import SITEMAPS

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    # The REST API and its schema (issue 18): no language prefix; clients send Accept-Language.
    path("api/", include("api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # RFC 8058 one-click unsubscribe: mail clients post here without a language or cookies.
    path(
        "newsletter/unsubscribe/<str:token>/",
        newsletter_views.one_click_unsubscribe,
        name="newsletter_one_click",
    ),
    # The same for the e-mails of the board's matching (new posts that fit an organisation).
    path(
        "cooperation/unsubscribe/<str:token>/",
        cooperation_contact_views.one_click_unsubscribe,
        name="cooperation_one_click",
    ),
]
if not settings.STORAGE_S3_BUCKET:
    # Uploaded logos are public; in production a proxy may serve MEDIA_ROOT instead. With object
    # storage they have addresses of their own.
    urlpatterns.append(
        path(
            f"{settings.MEDIA_URL.strip('/')}/<path:path>",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    )

urlpatterns += i18n_patterns(
    path("", portal_views.home, name="home"),
    path("accounts/api-tokens/", include("api.account_urls")),
    path("accounts/my-data/", include("privacy.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("members/", include("members.urls")),
    path("join/", include("members.join_urls")),
    path("my-organisation/fees/", include("fees.urls")),
    path("my-organisation/", include("members.profile_urls")),
    path("resolutions/", include("resolutions.urls")),
    path("events/", include("events.urls")),
    path("partnerships/", include("agreements.urls")),
    path("projects/", include("projects.urls")),
    path("cooperation/", include("cooperation.urls")),
    path("meetings/", include("meetings.urls")),
    path("elections/", include("elections.urls")),
    path("surveys/", include("surveys.urls")),
    path("documents/", include("documents.urls")),
    path("reports/", include("reports.urls")),
    path("search/", include("search.urls")),
    path("news/", include("news.urls")),
    path("newsletter/", include("news.newsletter_urls")),
    path("pages/", include("news.page_urls")),
    path("panel/resolutions/", include("resolutions.panel_urls")),
    path("panel/events/", include("events.panel_urls")),
    path("panel/agreements/", include("agreements.panel_urls")),
    path("panel/projects/", include("projects.panel_urls")),
    path("panel/news/", include("news.panel_urls")),
    path("panel/cooperation/", include("cooperation.panel_urls")),
    path("panel/meetings/", include("meetings.panel_urls")),
    path("panel/elections/", include("elections.panel_urls")),
    path("panel/fees/", include("fees.panel_urls")),
    path("panel/surveys/", include("surveys.panel_urls")),
    path("panel/documents/", include("documents.panel_urls")),
    path("panel/reports/", include("reports.panel_urls")),
    path("panel/webhooks/", include("webhooks.panel_urls")),
    path("panel/privacy/", include("privacy.panel_urls")),
    path("panel/", include("portal.panel_urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
