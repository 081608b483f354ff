from django.urls import path

from . import panel_views

app_name = "panel_news"

urlpatterns = [
    path("", panel_views.index, name="index"),
]
