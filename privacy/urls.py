from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.index, name="index"),
    path("request/", views.export_request, name="request"),
    path("<int:pk>/download/", views.download, name="download"),
]
