"""The security tests' part for the reports app (see `parts/__init__.py`).

The coordinator's report pages (statistics, the ECCP check with the profile, team and labels,
the indicators' history, the annual reports) answer the coordinator only. The annual reports'
list and PDFs answer the council and the coordinator; a report still being prepared has no PDF
for anyone.
"""

import datetime
from decimal import Decimal

from ..rules import COORDINATOR, COUNCIL, NOBODY, Rule, Variants

_PAGES = [
    "index",
    "statistics_csv",
    "statistics_xlsx",
    "eligibility",
    "profile",
    "team_member_add",
    "team_member_edit",
    "label_add",
    "label_edit",
    "indicators",
    "indicator",
    "annual_reports",
]
_ACTIONS = [
    "team_member_delete",
    "label_delete",
    "indicator_target",
    "indicator_target_delete",
    "indicator_value_delete",
]

TABLE: dict = {
    **{f"panel_reports:{name}": Rule(get=COORDINATOR) for name in _PAGES},
    **{f"panel_reports:{name}": Rule(get=NOBODY, post=COORDINATOR) for name in _ACTIONS},
    "reports:index": Rule(get=COUNCIL),
    "reports:annual_report_pdf[ready]": Rule(get=COUNCIL),
    "reports:annual_report_pdf[queued]": Rule(get=NOBODY),
    "reports:annual_report_pdf[language]": Rule(get=NOBODY),
}
MARKER_READERS: dict = {}
WITHOUT_A_FORM: dict = {}
EXTRA_PAGES: tuple = ()


def build(world, *, outsider, employee, representative, council_member, coordinator):
    from django.core.files.base import ContentFile

    from reports.models import (
        AnnualReport,
        ClusterLabel,
        IndicatorTarget,
        IndicatorValue,
        ManagementTeamMember,
    )
    from resolutions.models import PlanItem

    o = world.objects
    year = datetime.date.today().year
    o["report_team_member"] = ManagementTeamMember.objects.create(
        name="Anna Koordynatorka",
        role="Dyrektor",
        fte=Decimal("1"),
        starts_on=datetime.date(2020, 1, 1),
    )
    o["report_label"] = ClusterLabel.objects.create(
        kind=ClusterLabel.Kind.ESCA_BRONZE,
        awarded_on=datetime.date(year - 1, 3, 1),
        valid_until=datetime.date(year + 1, 2, 28),
    )
    item = PlanItem.objects.create(
        plan=o["plan"],
        goal=o["goal"],
        title_pl="Spotkania",
        title_en="Meetings",
        starts_on=datetime.date(year, 1, 1),
        ends_on=datetime.date(year + 1, 12, 31),
        indicator="liczba spotkań",
        indicator_target=Decimal("8"),
    )
    o["report_plan_item"] = item
    o["report_indicator_value"] = IndicatorValue.objects.create(
        plan_item=item, measured_on=datetime.date(year, 1, 31), value=Decimal("1")
    )
    IndicatorTarget.objects.create(
        plan_item=item,
        start_value=Decimal("0"),
        start_on=datetime.date(year, 1, 1),
        target_value=Decimal("8"),
        target_on=datetime.date(year + 1, 6, 30),
    )
    ready = AnnualReport.objects.create(year=year - 1, status=AnnualReport.Status.READY)
    for language in AnnualReport.LANGUAGES:
        ready.pdf_for(language).save(
            f"annual-report-{language}.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False
        )
    ready.save()
    o["annual_report"] = ready
    o["annual_report_queued"] = AnnualReport.objects.create(year=year - 2)


def url_kwargs(objects):
    o = objects
    pk = lambda name: {"pk": o[name].pk}  # noqa: E731
    return {
        "panel_reports:team_member_edit": pk("report_team_member"),
        "panel_reports:team_member_delete": pk("report_team_member"),
        "panel_reports:label_edit": pk("report_label"),
        "panel_reports:label_delete": pk("report_label"),
        "panel_reports:indicator": pk("report_plan_item"),
        "panel_reports:indicator_target": pk("report_plan_item"),
        "panel_reports:indicator_target_delete": pk("report_plan_item"),
        "panel_reports:indicator_value_delete": pk("report_indicator_value"),
        "reports:annual_report_pdf": Variants(
            ready={"pk": o["annual_report"].pk, "language": "pl"},
            queued={"pk": o["annual_report_queued"].pk, "language": "pl"},
            language={"pk": o["annual_report"].pk, "language": "de"},
        ),
    }
