"""The Django admin stays for superusers; coordinators work in the panel."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import Event, EventQuestion, Registration


class EventQuestionInline(TranslationTabularInline):
    model = EventQuestion
    extra = 0


@admin.register(Event)
class EventAdmin(TranslationAdmin):
    list_display = ["title", "kind", "starts_at", "status", "audience", "capacity"]
    list_filter = ["status", "kind", "audience"]
    search_fields = ["title", "slug"]
    raw_id_fields = ["host_organisation"]
    inlines = [EventQuestionInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["full_name", "event", "status", "sequence", "registered_at"]
    list_filter = ["status"]
    search_fields = ["first_name", "last_name", "email", "event__title"]
    raw_id_fields = ["event", "person", "organisation", "registered_by"]
    readonly_fields = ["sequence", "registered_at", "token"]
