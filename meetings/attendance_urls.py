"""The register, proxies and votes at a meeting: included in the meetings' URLs (issue 16)."""

from django.urls import path

from . import attendance_views as views

urlpatterns = [
    path("<int:pk>/attendance/", views.register, name="attendance"),
    path("<int:pk>/attendance/check-in/", views.check_in, name="check_in"),
    path("<int:pk>/attendance/online/", views.self_check_in, name="self_check_in"),
    path("attendance/<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/proxy/", views.proxy_grant, name="proxy_grant"),
    path("proxies/<int:pk>/withdraw/", views.proxy_withdraw, name="proxy_withdraw"),
    path("proxies/<int:pk>/document/", views.proxy_document, name="proxy_document"),
    path("<int:pk>/votes/", views.votes, name="votes"),
    path(
        "agenda/<int:pk>/resolutions/<int:resolution_pk>/vote/",
        views.resolution_vote,
        name="resolution_vote",
    ),
    path("agenda/<int:pk>/election-quorum/", views.election_quorum, name="election_quorum"),
]
