"""The panel's URLs: its own pages, then each app's sections, all in the `panel` namespace."""

from django.urls import path

from members.panel_urls import urlpatterns as member_patterns

from . import panel_views

app_name = "panel"

urlpatterns = [
    path("", panel_views.dashboard, name="dashboard"),
    path("invite/", panel_views.invite_coordinator, name="invite_coordinator"),
    *member_patterns,
]
