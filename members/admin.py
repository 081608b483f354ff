"""The Django admin stays for superusers; coordinators work in the panel."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import (
    ActionGroup,
    CouncilSeat,
    MembershipApplication,
    MembershipChange,
    Organisation,
    Person,
    Sector,
)


@admin.register(Sector)
class SectorAdmin(TranslationAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name_pl"]}


class PersonInline(admin.TabularInline):
    model = Person
    fields = ["first_name", "last_name", "position", "email", "role", "user"]
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(TranslationAdmin):
    list_display = ["name", "kind", "status", "city", "nip", "joined_on"]
    list_filter = ["status", "kind", "voivodeship", "sectors"]
    search_fields = ["name", "short_name", "nip", "city"]
    raw_id_fields = ["primary_representative"]
    inlines = [PersonInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "organisation", "role", "email"]
    list_filter = ["role"]
    search_fields = ["last_name", "email", "organisation__name"]
    raw_id_fields = ["organisation", "user"]


@admin.register(ActionGroup)
class ActionGroupAdmin(TranslationAdmin):
    list_display = ["name", "leader"]
    filter_horizontal = ["organisations"]
    raw_id_fields = ["leader"]


@admin.register(CouncilSeat)
class CouncilSeatAdmin(admin.ModelAdmin):
    list_display = ["person", "term_start", "term_end", "is_chair"]
    raw_id_fields = ["person"]


@admin.register(MembershipChange)
class MembershipChangeAdmin(admin.ModelAdmin):
    list_display = ["organisation", "from_status", "to_status", "actor", "created_at"]
    readonly_fields = [field.name for field in MembershipChange._meta.fields]


admin.site.register(MembershipApplication)
