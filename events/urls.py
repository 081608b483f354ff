from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("calendar.ics", views.calendar_feed, name="feed"),
    path("my/", views.my_registrations, name="my_registrations"),
    path("confirm/<str:token>/", views.guest_confirm, name="guest_confirm"),
    path("registrations/<str:token>/", views.registration_detail, name="registration"),
    path(
        "registrations/<str:token>/cancel/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/event.ics", views.event_calendar, name="ics"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/register-colleague/", views.register_colleague, name="register_colleague"),
    path("<slug:slug>/guest/", views.register_guest, name="register_guest"),
]
