from django.urls import path

from . import profile_views

app_name = "profile"

urlpatterns = [
    path("", profile_views.edit, name="edit"),
    path("people/new/", profile_views.person_create, name="person_create"),
    path("people/<int:pk>/edit/", profile_views.person_edit, name="person_edit"),
    path("people/<int:pk>/delete/", profile_views.person_delete, name="person_delete"),
    path("people/<int:pk>/invite/", profile_views.person_invite, name="person_invite"),
]
