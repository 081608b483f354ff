from django.urls import path

from . import panel_views

app_name = "panel_events"

urlpatterns = [
    path("", panel_views.index, name="index"),
    path("new/", panel_views.event_create, name="create"),
    path("<int:pk>/", panel_views.event_detail, name="detail"),
    path("<int:pk>/edit/", panel_views.event_edit, name="edit"),
    path("<int:pk>/publish/", panel_views.event_publish, name="publish"),
    path("<int:pk>/cancel/", panel_views.event_cancel, name="cancel"),
    path("<int:pk>/registrants/", panel_views.registrants, name="registrants"),
    path("<int:pk>/registrants.csv", panel_views.registrants_export_csv, name="registrants_csv"),
    path(
        "<int:pk>/registrants.xlsx",
        panel_views.registrants_export_xlsx,
        name="registrants_xlsx",
    ),
    path("<int:pk>/check-in/", panel_views.check_in, name="check_in"),
    path(
        "<int:pk>/attendance-list/",
        panel_views.attendance_list_request,
        name="attendance_list_request",
    ),
    path("<int:pk>/certificates/", panel_views.certificates_request, name="certificates_request"),
    path(
        "registrations/<int:pk>/attendance/",
        panel_views.registration_attendance,
        name="attendance",
    ),
    path(
        "registrations/<int:pk>/cancel/",
        panel_views.registration_cancel,
        name="registration_cancel",
    ),
    path("documents/<int:pk>/", panel_views.document_download, name="document"),
]
