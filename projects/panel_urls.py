from django.urls import path

from . import panel_views

app_name = "panel_projects"

urlpatterns = [
    path("", panel_views.index, name="index"),
    path("new/", panel_views.project_create, name="create"),
    path("<int:pk>/", panel_views.project_detail, name="detail"),
    path("<int:pk>/edit/", panel_views.project_edit, name="edit"),
    path("<int:pk>/status/", panel_views.project_status, name="status"),
    path("<int:pk>/partners/add/", panel_views.partner_add, name="partner_add"),
    path("partners/<int:pk>/edit/", panel_views.partner_edit, name="partner_edit"),
    path("partners/<int:pk>/remove/", panel_views.partner_remove, name="partner_remove"),
    path("<int:pk>/documents/add/", panel_views.document_add, name="document_add"),
    path("documents/<int:pk>/remove/", panel_views.document_remove, name="document_remove"),
    path("calls/", panel_views.call_list, name="call_list"),
    path("calls/new/", panel_views.call_create, name="call_create"),
    path("calls/<int:pk>/edit/", panel_views.call_edit, name="call_edit"),
    path("calls/<int:pk>/delete/", panel_views.call_delete, name="call_delete"),
    path("ideas/", panel_views.idea_list, name="idea_list"),
    path("ideas/<int:pk>/accept/", panel_views.idea_accept, name="idea_accept"),
    path("ideas/<int:pk>/decline/", panel_views.idea_decline, name="idea_decline"),
    path("figures/", panel_views.figures, name="figures"),
    path("figures.csv", panel_views.figures_csv, name="figures_csv"),
    path("figures.xlsx", panel_views.figures_xlsx, name="figures_xlsx"),
]
