from django.urls import path

from . import join_views

app_name = "join"

urlpatterns = [
    path("", join_views.apply, name="apply"),
    path("submitted/", join_views.submitted, name="submitted"),
]
