from django.urls import path

from . import panel_views

app_name = "panel_agreements"

urlpatterns = [
    path("", panel_views.index, name="index"),
    path("new/", panel_views.agreement_create, name="agreement_create"),
    path("<int:pk>/", panel_views.agreement_detail, name="agreement_detail"),
    path("<int:pk>/edit/", panel_views.agreement_edit, name="agreement_edit"),
    path("<int:pk>/negotiate/", panel_views.agreement_negotiate, name="agreement_negotiate"),
    path("<int:pk>/send/", panel_views.agreement_send, name="agreement_send"),
    path("<int:pk>/reopen/", panel_views.agreement_reopen, name="agreement_reopen"),
    path("<int:pk>/terminate/", panel_views.agreement_terminate, name="agreement_terminate"),
    path("<int:pk>/scan/", panel_views.agreement_scan_upload, name="agreement_scan_upload"),
    path("<int:pk>/document/", panel_views.agreement_document_refresh, name="agreement_document"),
    path("<int:pk>/parties/add/", panel_views.party_add, name="party_add"),
    path("parties/<int:pk>/edit/", panel_views.party_edit, name="party_edit"),
    path("parties/<int:pk>/signature/", panel_views.party_signature, name="party_signature"),
    path("parties/<int:pk>/remove/", panel_views.party_remove, name="party_remove"),
    path("partners/", panel_views.partner_list, name="partner_list"),
    path("partners/new/", panel_views.partner_create, name="partner_create"),
    path("partners/<int:pk>/edit/", panel_views.partner_edit, name="partner_edit"),
]
