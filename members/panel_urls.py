from django.urls import path

from . import panel_views as views

app_name = "panel"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("members/", views.member_list, name="member_list"),
    path("members/export.csv", views.member_export_csv, name="member_export_csv"),
    path("members/export.xlsx", views.member_export_xlsx, name="member_export_xlsx"),
    path("members/new/", views.member_create, name="member_create"),
    path("members/import/", views.member_import, name="member_import"),
    path("members/import/confirm/", views.member_import_confirm, name="member_import_confirm"),
    path(
        "members/import/template.csv", views.member_import_template, name="member_import_template"
    ),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/status/", views.member_status, name="member_status"),
    path("members/<int:pk>/approve/", views.member_approve, name="member_approve"),
    path("members/<int:pk>/reject/", views.member_reject, name="member_reject"),
    path("members/<int:pk>/audit/", views.member_audit, name="member_audit"),
    path("members/<int:pk>/people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/delete/", views.person_delete, name="person_delete"),
    path("people/<int:pk>/invite/", views.person_invite, name="person_invite"),
    path("people/<int:pk>/make-primary/", views.person_make_primary, name="person_make_primary"),
    path("applications/", views.application_list, name="application_list"),
    path("action-groups/", views.action_group_list, name="action_group_list"),
    path("action-groups/new/", views.action_group_create, name="action_group_create"),
    path("action-groups/<int:pk>/edit/", views.action_group_edit, name="action_group_edit"),
    path("sectors/", views.sector_list, name="sector_list"),
    path("sectors/new/", views.sector_create, name="sector_create"),
    path("sectors/<int:pk>/edit/", views.sector_edit, name="sector_edit"),
    path("council/", views.council_list, name="council_list"),
    path("council/new/", views.council_seat_add, name="council_seat_add"),
    path("council/<int:pk>/end/", views.council_seat_end, name="council_seat_end"),
    path("invite/", views.invite_coordinator, name="invite_coordinator"),
]
