from django.urls import path

from . import panel_views

app_name = "panel_surveys"

urlpatterns = [
    path("", panel_views.index, name="index"),
    path("new/", panel_views.survey_create, name="create"),
    path("<int:pk>/", panel_views.detail, name="detail"),
    path("<int:pk>/edit/", panel_views.survey_edit, name="edit"),
    path("<int:pk>/send/", panel_views.survey_send, name="send"),
    path("<int:pk>/sections/new/", panel_views.section_edit, name="section_create"),
    path("<int:pk>/sections/<int:section_pk>/", panel_views.section_edit, name="section_edit"),
    path(
        "<int:pk>/sections/<int:section_pk>/delete/",
        panel_views.section_delete,
        name="section_delete",
    ),
    path(
        "<int:pk>/sections/<int:section_pk>/questions/new/",
        panel_views.question_edit,
        name="question_create",
    ),
    path("<int:pk>/questions/<int:question_pk>/", panel_views.question_edit, name="question_edit"),
    path(
        "<int:pk>/questions/<int:question_pk>/delete/",
        panel_views.question_delete,
        name="question_delete",
    ),
    path("<int:pk>/results/", panel_views.results, name="results"),
    path("<int:pk>/responses.csv", panel_views.export_csv, name="export_csv"),
    path("<int:pk>/responses.xlsx", panel_views.export_xlsx, name="export_xlsx"),
]
