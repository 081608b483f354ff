from django.urls import include, path

from . import minutes_views, views

app_name = "meetings"

urlpatterns = [
    path("", views.my_meetings, name="my_meetings"),
    path("register/", views.register, name="register"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/meeting.ics", views.meeting_calendar, name="ics"),
    path("<int:pk>/open/", views.meeting_open, name="open"),
    path("<int:pk>/close/", views.meeting_close, name="close"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    # Attendance, votes at the meeting and minutes (issue 16) add their URLs below.
    path("<int:pk>/minutes/", minutes_views.minutes_edit, name="minutes_edit"),
    path("<int:pk>/minutes/draft/", minutes_views.minutes_draft, name="minutes_draft"),
    path("agenda/<int:pk>/approve-minutes/", minutes_views.minutes_approve, name="minutes_approve"),
    path("minutes/<int:pk>/pdf/", minutes_views.minutes_pdf, name="minutes_pdf"),
    path("", include("meetings.attendance_urls")),
]
