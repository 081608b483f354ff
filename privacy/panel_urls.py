from django.urls import path

from . import panel_views

app_name = "panel_privacy"

urlpatterns = [
    path("", panel_views.index, name="index"),
    path("<int:pk>/", panel_views.detail, name="detail"),
    path("<int:pk>/download/", panel_views.download, name="download"),
    path("<int:pk>/erase/", panel_views.erase, name="erase"),
    path("<int:pk>/cancel/", panel_views.cancel, name="cancel"),
]
