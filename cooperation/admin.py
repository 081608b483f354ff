"""The Django admin stays for superusers; coordinators work in the panel."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import BoardSettings, Post, PostAttachment


class PostAttachmentInline(admin.TabularInline):
    model = PostAttachment
    extra = 0
    readonly_fields = ["size", "uploaded_at"]


@admin.register(Post)
class PostAdmin(TranslationAdmin):
    list_display = ["title", "organisation", "kind", "status", "visibility", "valid_until"]
    list_filter = ["status", "kind", "visibility"]
    search_fields = ["title", "organisation__name"]
    raw_id_fields = ["organisation", "author", "contact_person"]
    filter_horizontal = ["competences", "sectors"]
    inlines = [PostAttachmentInline]


@admin.register(BoardSettings)
class BoardSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "require_approval", "max_contacts_per_day"]
