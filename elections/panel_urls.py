from django.urls import path

from . import panel_views as views

app_name = "panel_elections"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/nominate/", views.nominate, name="nominate"),
    path("<int:pk>/nominations-close/", views.nominations_close, name="nominations_close"),
    path("<int:pk>/voting-open/", views.voting_open, name="voting_open"),
    path("<int:pk>/paper-totals/", views.paper_totals, name="paper_totals"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/results.pdf", views.results_pdf, name="results_pdf"),
]
