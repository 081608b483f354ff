from django.urls import path

from . import minutes_views, panel_views

app_name = "panel_meetings"

urlpatterns = [
    path("", panel_views.index, name="index"),
    path("new/", panel_views.meeting_create, name="create"),
    path("<int:pk>/", panel_views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", panel_views.meeting_edit, name="edit"),
    path("<int:pk>/convene/", panel_views.meeting_convene, name="convene"),
    path("<int:pk>/cancel/", panel_views.meeting_cancel, name="cancel"),
    path("<int:pk>/agenda/new/", panel_views.item_create, name="item_create"),
    path("<int:pk>/documents/new/", panel_views.document_add, name="document_add"),
    path("agenda/<int:pk>/", panel_views.item_edit, name="item_edit"),
    path("agenda/<int:pk>/delete/", panel_views.item_delete, name="item_delete"),
    path("agenda/<int:pk>/move/", panel_views.item_move, name="item_move"),
    path("documents/<int:pk>/", panel_views.document_download, name="document"),
    path("documents/<int:pk>/remove/", panel_views.document_remove, name="document_remove"),
    # Attendance, votes at the meeting and minutes (issue 16) add their URLs below.
    path("<int:pk>/minutes/", minutes_views.panel_minutes, name="minutes"),
    path("<int:pk>/minutes/draft/", minutes_views.panel_minutes_draft, name="minutes_draft"),
    path("<int:pk>/minutes.pdf", minutes_views.panel_minutes_pdf, name="minutes_pdf"),
]
