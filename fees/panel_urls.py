from django.urls import path

from . import panel_payments, panel_views

app_name = "panel_fees"

urlpatterns = [
    # Billing: overview, profile, schedules, runs, documents.
    path("", panel_views.index, name="index"),
    path("profile/", panel_views.profile_edit, name="profile"),
    path("schedules/", panel_views.schedule_list, name="schedule_list"),
    path("schedules/new/", panel_views.schedule_form, name="schedule_create"),
    path("schedules/<int:pk>/", panel_views.schedule_form, name="schedule_edit"),
    path("runs/new/", panel_views.run_create, name="run_create"),
    path("runs/<int:pk>/", panel_views.run_detail, name="run_detail"),
    path("runs/<int:pk>/confirm/", panel_views.run_confirm, name="run_confirm"),
    path("runs/<int:pk>/discard/", panel_views.run_discard, name="run_discard"),
    path("runs/<int:pk>/resume/", panel_views.run_resume, name="run_resume"),
    path("documents/", panel_views.document_list, name="document_list"),
    path("documents/<int:pk>/", panel_views.document_detail, name="document_detail"),
    path("documents/<int:pk>/pdf/", panel_views.document_pdf, name="document_pdf"),
    path("documents/<int:pk>/xml/", panel_views.document_xml, name="document_xml"),
    path("documents/<int:pk>/correct/", panel_views.document_correct, name="document_correct"),
    # Payments, statements, reminders and arrears (fees-payments).
    path("payments/", panel_payments.payment_list, name="payment_list"),
    path("payments/new/", panel_payments.payment_create, name="payment_create"),
    path("payments/<int:pk>/", panel_payments.payment_detail, name="payment_detail"),
    path("payments/<int:pk>/allocate/", panel_payments.payment_allocate, name="payment_allocate"),
    path("statements/", panel_payments.statement_list, name="statement_list"),
    path("statements/<int:pk>/", panel_payments.statement_detail, name="statement_detail"),
    path("statements/<int:pk>/file/", panel_payments.statement_file, name="statement_file"),
    path(
        "statements/<int:pk>/lines/<int:line_pk>/match/",
        panel_payments.statement_line_match,
        name="statement_line_match",
    ),
    path(
        "statements/<int:pk>/lines/<int:line_pk>/ignore/",
        panel_payments.statement_line_ignore,
        name="statement_line_ignore",
    ),
    path("arrears/", panel_payments.arrears, name="arrears"),
    path("exports/", panel_payments.export, name="export"),
]
