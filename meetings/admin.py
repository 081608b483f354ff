"""The Django admin stays for superusers; coordinators work in the panel."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from .models import AgendaItem, Meeting, MeetingNotice


class AgendaItemInline(TranslationStackedInline):
    model = AgendaItem
    extra = 0
    fk_name = "meeting"
    raw_id_fields = ["election", "minutes_of", "resolutions"]


@admin.register(Meeting)
class MeetingAdmin(TranslationAdmin):
    list_display = ["title", "body", "number", "year", "starts_at", "status"]
    list_filter = ["status", "body", "kind"]
    search_fields = ["title"]
    raw_id_fields = ["chair", "secretary"]
    readonly_fields = ["number", "year", "notice_sent_at", "reminder_sent_at"]
    inlines = [AgendaItemInline]


@admin.register(MeetingNotice)
class MeetingNoticeAdmin(admin.ModelAdmin):
    list_display = ["meeting", "person", "kind", "created_at"]
    list_filter = ["kind"]
    raw_id_fields = ["meeting", "person", "email"]
