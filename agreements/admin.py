"""Read-mostly admin for superusers; coordinators record agreements in the panel, whose services
keep the status and the audit log right."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Agreement, AgreementArea, AgreementParty, Partner


@admin.register(Partner)
class PartnerAdmin(TranslationAdmin):
    list_display = ["name", "kind", "country", "city"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "short_name", "city"]


class AgreementPartyInline(admin.TabularInline):
    model = AgreementParty
    fields = ["partner", "signatory_name", "signatory_position", "signature", "signature_date"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class AgreementAreaInline(admin.TabularInline):
    model = AgreementArea
    readonly_fields = ["area"]
    extra = 0
    can_delete = False


@admin.register(Agreement)
class AgreementAdmin(TranslationAdmin):
    list_display = ["title", "kind", "status", "signed_on", "valid_until"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "reference_number"]
    readonly_fields = [
        "status",
        "negotiation_started_on",
        "sent_for_signature_on",
        "terminated_on",
        "scan",
        "scan_sha256",
        "document",
        "document_sha256",
        "expiry_reminder_sent_at",
    ]
    inlines = [AgreementPartyInline, AgreementAreaInline]
