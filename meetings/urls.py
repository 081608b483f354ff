from django.urls import include, path

from . import views

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
    path("", include("meetings.attendance_urls")),
]
