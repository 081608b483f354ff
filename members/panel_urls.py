from django.urls import path

from . import panel_views

app_name = "panel"

urlpatterns = [
    path("", panel_views.dashboard, name="dashboard"),
]
