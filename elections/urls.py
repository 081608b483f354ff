from django.urls import path

from . import views

app_name = "elections"

urlpatterns = [
    path("", views.election_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/nominate/", views.nominate, name="nominate"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/results.pdf", views.results_pdf, name="results_pdf"),
    path("consent/<str:token>/", views.consent, name="consent"),
]
