"""/api/: the OpenAPI schema, its documentation (served by the portal, no CDN) and version 1."""

from django.urls import path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularSwaggerSplitView,
)

from . import views

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("v1/me/", views.Me.as_view(), name="me"),
    path("v1/members/", views.MemberList.as_view(), name="members"),
    path("v1/members/<slug:key>/", views.MemberDetail.as_view(), name="member"),
    path("v1/events/", views.EventList.as_view(), name="events"),
    path("v1/events/<slug:key>/", views.EventDetail.as_view(), name="event"),
    path(
        "v1/events/<slug:key>/registrations/",
        views.EventRegister.as_view(),
        name="event_register",
    ),
    path("v1/registrations/", views.MyRegistrationList.as_view(), name="my_registrations"),
    path(
        "v1/registrations/<int:key>/cancel/",
        views.RegistrationCancel.as_view(),
        name="registration_cancel",
    ),
    path("v1/news/", views.ArticleList.as_view(), name="news"),
    path("v1/news/<slug:key>/", views.ArticleDetail.as_view(), name="article"),
    path("v1/resolutions/", views.ResolutionList.as_view(), name="resolutions"),
    path("v1/resolutions/<int:key>/", views.ResolutionDetail.as_view(), name="resolution"),
    path("v1/partners/", views.PartnerList.as_view(), name="partners"),
    path("v1/partners/<slug:key>/", views.PartnerDetail.as_view(), name="partner"),
    path("v1/projects/", views.ProjectList.as_view(), name="projects"),
    path("v1/projects/<slug:key>/", views.ProjectDetail.as_view(), name="project"),
    path("v1/offers/", views.OfferList.as_view(), name="offers"),
    path("v1/offers/<int:key>/", views.OfferDetail.as_view(), name="offer"),
    path("v1/my-organisation/", views.MyOrganisation.as_view(), name="my_organisation"),
    path(
        "v1/coordinator/organisations/",
        views.OrganisationList.as_view(),
        name="coordinator_organisations",
    ),
    path("v1/coordinator/people/", views.PersonList.as_view(), name="coordinator_people"),
    path(
        "v1/coordinator/registrations/",
        views.RegistrationList.as_view(),
        name="coordinator_registrations",
    ),
    path(
        "v1/coordinator/subscribers/",
        views.SubscriberList.as_view(),
        name="coordinator_subscribers",
    ),
    # Anything else under /api/ answers 404 in JSON, as the endpoints do, not with a page.
    path("<path:rest>", views.not_found, name="not_found"),
]
