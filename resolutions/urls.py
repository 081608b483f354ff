from django.urls import path

from . import views

app_name = "resolutions"

urlpatterns = [
    path("", views.register, name="register"),
]
