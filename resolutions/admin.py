"""The Django admin for superusers: resolutions are read-only and ballots absent.

Numbering, votes and closing go through the services; ballots are not shown at all, so a secret
vote stays secret even to a superuser.
"""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import GoverningBody, OperationalPlan, PlanItem, Resolution, StrategicGoal, Strategy


@admin.register(GoverningBody)
class GoverningBodyAdmin(TranslationAdmin):
    list_display = ["name", "electorate", "quorum_percent", "majority", "majority_base"]


@admin.register(Resolution)
class ResolutionAdmin(TranslationAdmin):
    list_display = ["number_display", "title", "body", "status", "outcome", "decided_on"]
    list_filter = ["body", "status", "outcome", "year"]
    search_fields = ["title", "content"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StrategicGoalInline(TranslationTabularInline):
    model = StrategicGoal
    extra = 0


@admin.register(Strategy)
class StrategyAdmin(TranslationAdmin):
    list_display = ["title", "period_start", "period_end", "adopted_by"]
    raw_id_fields = ["adopted_by"]
    inlines = [StrategicGoalInline]


class PlanItemInline(TranslationTabularInline):
    model = PlanItem
    extra = 0
    fields = ["title", "goal", "status", "progress", "budget"]


@admin.register(OperationalPlan)
class OperationalPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "period_start", "period_end", "adopted_by"]
    raw_id_fields = ["adopted_by"]
    inlines = [PlanItemInline]
