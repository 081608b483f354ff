from django.urls import path

from . import views

urlpatterns = [
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("2fa/continue/", views.mfa_continue, name="mfa_continue"),
]
