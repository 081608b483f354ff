from django.urls import path

from . import profile_views

app_name = "profile"

urlpatterns = [
    path("", profile_views.edit, name="edit"),
]
