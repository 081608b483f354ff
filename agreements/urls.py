from django.urls import path

from . import views

app_name = "partnerships"

urlpatterns = [
    path("", views.index, name="index"),
]
