from django.urls import path

from .panel import applications, competences, council, csv_import, groups, people, registry

# Included by the shell's panel URLs (portal/panel_urls.py), in its `panel` namespace.

urlpatterns = [
    path("members/", registry.member_list, name="member_list"),
    path("members/export.csv", registry.member_export_csv, name="member_export_csv"),
    path("members/export.xlsx", registry.member_export_xlsx, name="member_export_xlsx"),
    path("members/new/", registry.member_create, name="member_create"),
    path("members/import/", csv_import.member_import, name="member_import"),
    path("members/import/confirm/", csv_import.member_import_confirm, name="member_import_confirm"),
    path(
        "members/import/template.csv",
        csv_import.member_import_template,
        name="member_import_template",
    ),
    path("members/<int:pk>/", registry.member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", registry.member_edit, name="member_edit"),
    path("members/<int:pk>/status/", registry.member_status, name="member_status"),
    path("members/<int:pk>/approve/", applications.member_approve, name="member_approve"),
    path("members/<int:pk>/reject/", applications.member_reject, name="member_reject"),
    path("members/<int:pk>/audit/", registry.member_audit, name="member_audit"),
    path("members/<int:pk>/people/new/", people.person_create, name="person_create"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("people/<int:pk>/delete/", people.person_delete, name="person_delete"),
    path("people/<int:pk>/invite/", people.person_invite, name="person_invite"),
    path("people/<int:pk>/make-primary/", people.person_make_primary, name="person_make_primary"),
    path("applications/", applications.application_list, name="application_list"),
    path("action-groups/", groups.action_group_list, name="action_group_list"),
    path("action-groups/new/", groups.action_group_create, name="action_group_create"),
    path("action-groups/<int:pk>/edit/", groups.action_group_edit, name="action_group_edit"),
    path("sectors/", groups.sector_list, name="sector_list"),
    path("sectors/new/", groups.sector_create, name="sector_create"),
    path("sectors/<int:pk>/edit/", groups.sector_edit, name="sector_edit"),
    path("competences/", competences.competence_list, name="competence_list"),
    path("competences/new/", competences.competence_create, name="competence_create"),
    path("competences/<int:pk>/edit/", competences.competence_edit, name="competence_edit"),
    path("competences/<int:pk>/delete/", competences.competence_delete, name="competence_delete"),
    path("council/", council.council_list, name="council_list"),
    path("council/new/", council.council_seat_add, name="council_seat_add"),
    path("council/<int:pk>/end/", council.council_seat_end, name="council_seat_end"),
]
