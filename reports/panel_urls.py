from django.urls import path

from . import panel_views

app_name = "panel_reports"

urlpatterns = [
    path("", panel_views.index, name="index"),
    path("statistics.csv", panel_views.statistics_csv, name="statistics_csv"),
    path("statistics.xlsx", panel_views.statistics_xlsx, name="statistics_xlsx"),
    path("eligibility/", panel_views.eligibility, name="eligibility"),
    path("profile/", panel_views.profile, name="profile"),
    path("team/add/", panel_views.team_member_edit, name="team_member_add"),
    path("team/<int:pk>/", panel_views.team_member_edit, name="team_member_edit"),
    path("team/<int:pk>/delete/", panel_views.team_member_delete, name="team_member_delete"),
    path("labels/add/", panel_views.label_edit, name="label_add"),
    path("labels/<int:pk>/", panel_views.label_edit, name="label_edit"),
    path("labels/<int:pk>/delete/", panel_views.label_delete, name="label_delete"),
    path("indicators/", panel_views.indicators, name="indicators"),
    path("indicators/<int:pk>/", panel_views.indicator_detail, name="indicator"),
    path("indicators/<int:pk>/target/", panel_views.indicator_target, name="indicator_target"),
    path(
        "indicators/<int:pk>/target/delete/",
        panel_views.indicator_target_delete,
        name="indicator_target_delete",
    ),
    path(
        "indicators/values/<int:pk>/delete/",
        panel_views.indicator_value_delete,
        name="indicator_value_delete",
    ),
    path("annual/", panel_views.annual_reports, name="annual_reports"),
]
