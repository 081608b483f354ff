"""The Django admin stays for superusers; coordinators work in the panel."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Tag


@admin.register(Tag)
class TagAdmin(TranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
