"""The Django admin for superusers: elections are read-only and ballot marks absent.

Nominations, voting and the count go through the services; the marks and who voted are not shown
at all, so a secret ballot stays secret even to a superuser.
"""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Candidate, Election


class CandidateInline(admin.TabularInline):
    model = Candidate
    extra = 0
    fields = ["person", "nominated_by", "consented_at", "declined_at", "votes", "elected"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Election)
class ElectionAdmin(TranslationAdmin):
    list_display = ["title", "body", "target", "seats", "method", "status", "term_start"]
    list_filter = ["status", "target", "method", "body"]
    search_fields = ["title"]
    inlines = [CandidateInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
