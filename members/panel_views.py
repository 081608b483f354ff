"""The coordinator panel: the member registry as the cluster office manages it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import coordinator_required
from accounts.services import invitation_send
from core.audit import audit_trail_for
from core.dashboard import portal_summary
from core.forms import add_service_errors
from core.page_cache import settled_content_version

from . import exports, imports, selectors, services
from .filters import SORT_FIELDS, organisations_filtered
from .forms import PersonForm, RejectionForm
from .models import ActionGroup, CouncilSeat, Organisation, Person, Sector
from .panel_forms import (
    ActionGroupForm,
    CoordinatorInviteForm,
    CouncilSeatEndForm,
    CouncilSeatForm,
    ImportConfirmForm,
    ImportUploadForm,
    OrganisationCreateForm,
    PanelOrganisationForm,
    PanelStatusChangeForm,
    SectorForm,
    organisation_data,
    organisation_fieldsets,
)

Status = Organisation.Status
MEMBERS_PER_PAGE = 25
AUDIT_ENTRIES_PER_PAGE = 25
IMPORT_SIGNING_SALT = "members.panel.import"
# A preview older than this must be uploaded again, so a forgotten tab cannot import stale data.
IMPORT_PREVIEW_MAX_AGE = 60 * 60

AUDIT_ACTION_LABELS = {
    "organisation.created": gettext_lazy("Organisation registered"),
    "organisation.imported": gettext_lazy("Organisation imported from a CSV file"),
    "organisation.updated": gettext_lazy("Organisation data changed"),
    "organisation.status_changed": gettext_lazy("Membership status changed"),
    "organisation.primary_representative_set": gettext_lazy("Primary representative set"),
    "membership.applied": gettext_lazy("Application to join submitted"),
    "person.created": gettext_lazy("Person added"),
    "person.updated": gettext_lazy("Person's data changed"),
    "person.deleted": gettext_lazy("Person removed"),
    "person.invited": gettext_lazy("Person invited to the portal"),
    "person.linked_to_account": gettext_lazy("Person linked to an existing account"),
    "action_group.created": gettext_lazy("Action group created"),
    "action_group.updated": gettext_lazy("Action group changed"),
    "sector.created": gettext_lazy("Sector created"),
    "sector.updated": gettext_lazy("Sector changed"),
    "council_seat.added": gettext_lazy("Council seat added"),
    "council_seat.ended": gettext_lazy("Council term ended"),
    "user.created": gettext_lazy("Account created"),
    "invitation.sent": gettext_lazy("Invitation sent"),
    "invitation.accepted": gettext_lazy("Invitation accepted"),
}
# Actions whose changes are {field: [before, after]}; the others record plain values.
DIFF_ACTIONS = {
    "organisation.updated",
    "organisation.status_changed",
    "organisation.primary_representative_set",
    "person.updated",
    "action_group.created",
    "action_group.updated",
    "sector.created",
    "sector.updated",
    "council_seat.ended",
}
AUDIT_FIELD_LABELS = {
    "sectors": gettext_lazy("sectors"),
    "reason": gettext_lazy("reason"),
    "contact": gettext_lazy("contact person"),
    "ip_address": gettext_lazy("IP address"),
    "expires_at": gettext_lazy("expires"),
    "primary_representative": gettext_lazy("primary representative"),
}


# --- Helpers ------------------------------------------------------------------------------------


def _organisation_or_404(pk):
    return get_object_or_404(Organisation, pk=pk)


def _person_or_404(pk):
    return get_object_or_404(Person.objects.select_related("organisation"), pk=pk)


def _panel(request, template, section, context=None, status=200):
    """Render a panel page; `section` marks the current item of the panel's navigation."""
    context = {"section": section, **(context or {})}
    return render(request, f"panel/{template}", context, status=status)


def _query_without(request, *names):
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _model_field(model, name):
    """Return the model's own field called `name`; a reverse relation has no label, so None."""
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return None if field.auto_created and not field.concrete else field


def _display_value(field, value):
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if field is not None and field.choices:
        return dict(field.flatchoices).get(value, value)
    return value


def _audit_field_label(name, field):
    if name in AUDIT_FIELD_LABELS:
        return AUDIT_FIELD_LABELS[name]
    if field is None:
        return name
    base, _separator, code = name.rpartition("_")
    languages = dict(settings.LANGUAGES)
    base_field = _model_field(field.model, base)
    if code in languages and base_field is not None:
        # A modeltranslation field: "description_de" reads "description (German)".
        return _("%(field)s (%(language)s)") % {
            "field": base_field.verbose_name,
            "language": languages[code],
        }
    return field.verbose_name


def _audit_change_rows(entry):
    model = ContentType.objects.get_for_id(entry.target_type_id).model_class()
    rows = []
    for name, value in entry.changes.items():
        field = _model_field(model, name)
        label = _audit_field_label(name, field)
        is_diff = entry.action in DIFF_ACTIONS and isinstance(value, list) and len(value) == 2
        before, after = value if is_diff else (None, value)
        rows.append(
            {
                "field": label,
                "is_diff": is_diff,
                "before": _display_value(field, before),
                "after": _display_value(field, after),
            }
        )
    return rows


def _present_audit_entries(entries):
    """Give each entry a translated label, its changes as rows and the organisation it concerns."""
    organisation_type = ContentType.objects.get_for_model(Organisation)
    for entry in entries:
        entry.action_label = AUDIT_ACTION_LABELS.get(entry.action, entry.action)
        entry.change_rows = _audit_change_rows(entry)
        if entry.target_type_id == organisation_type.pk:
            entry.organisation_id = entry.target_id
        elif entry.parent_type_id == organisation_type.pk:
            entry.organisation_id = entry.parent_id
        else:
            entry.organisation_id = None
    return entries


def _sort_headers(request, current):
    """Return, per sortable column, the link that sorts by it and its `aria-sort` state."""
    headers = {}
    for key, label in SORT_FIELDS.items():
        query = request.GET.copy()
        query.pop("page", None)
        query["sort"] = f"-{key}" if current == key else key
        headers[key] = {
            "label": label,
            "query": query.urlencode(),
            "aria_sort": {key: "ascending", f"-{key}": "descending"}.get(current),
        }
    return headers


# --- Dashboard ----------------------------------------------------------------------------------


@coordinator_required
@require_safe
def dashboard(request):
    entries = _present_audit_entries(list(selectors.recent_audit_entries(limit=10)))
    return _panel(
        request,
        "dashboard.html",
        "dashboard",
        {
            "counts": selectors.dashboard_counts(),
            "entries": entries,
            "portal": portal_summary(),
        },
    )


# --- Member list and exports --------------------------------------------------------------------


@coordinator_required
@require_safe
def member_list(request):
    # Everything the list needs is lazy, so a list served from the fragment cache runs none of it.
    filterset = SimpleLazyObject(lambda: organisations_filtered(request.GET))
    return _panel(
        request,
        "member_list.html",
        "members",
        {
            "filter": filterset,
            "page_obj": SimpleLazyObject(
                lambda: Paginator(filterset.qs, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
            ),
            "sort_headers": SimpleLazyObject(
                lambda: _sort_headers(request, filterset.current_sort)
            ),
            "content_version": settled_content_version(),
            "fragment_seconds": settings.PAGE_CACHE_SECONDS,
            "export_query": _query_without(request, "page"),
            "is_filtered": bool(_query_without(request, "page", "sort")),
        },
    )


def _export_filename(extension):
    return f"members-{timezone.localdate():%Y-%m-%d}.{extension}"


@coordinator_required
@require_safe
def member_export_csv(request):
    content = exports.export_csv(organisations_filtered(request.GET).qs)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_filename("csv")}"'
    return response


@coordinator_required
@require_safe
def member_export_xlsx(request):
    content = exports.export_xlsx(organisations_filtered(request.GET).qs, title=_("Members"))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_filename("xlsx")}"'
    return response


# --- Organisations ------------------------------------------------------------------------------


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def member_create(request):
    form = OrganisationCreateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_register(
                actor=request.user,
                data=organisation_data(form),
                sectors=form.cleaned_data["sectors"],
                status=form.cleaned_data["status"],
                representative_data=form.representative_data(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": organisation.name})
            return redirect("panel:member_detail", pk=organisation.pk)
    return _panel(
        request,
        "member_form.html",
        "members",
        {"form": form, "fieldsets": organisation_fieldsets(form)},
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def member_edit(request, pk):
    organisation = _organisation_or_404(pk)
    form = PanelOrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                organisation=organisation,
                actor=request.user,
                data=organisation_data(form),
                sectors=form.cleaned_data["sectors"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("panel:member_detail", pk=organisation.pk)
    return _panel(
        request,
        "member_form.html",
        "members",
        {
            "form": form,
            "fieldsets": organisation_fieldsets(form),
            "organisation": Organisation.objects.get(pk=pk),
        },
    )


@coordinator_required
@require_safe
def member_detail(request, pk):
    try:
        organisation = selectors.organisation_for_panel(pk=pk)
    except Organisation.DoesNotExist as error:
        raise Http404 from error
    return _panel(
        request,
        "member_detail.html",
        "members",
        {
            "organisation": organisation,
            "application": getattr(organisation, "application", None),
            "allowed_statuses": _allowed_statuses(organisation),
            "descriptions": [
                (language, text)
                for code, language in settings.LANGUAGES
                if (text := getattr(organisation, f"description_{code}"))
            ],
        },
    )


def _allowed_statuses(organisation):
    # An applicant is approved or rejected, which does more than change the status.
    if organisation.status == Status.APPLICANT:
        return []
    return [
        status for status in Status if status in services.STATUS_TRANSITIONS[organisation.status]
    ]


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def member_status(request, pk):
    organisation = _organisation_or_404(pk)
    allowed = _allowed_statuses(organisation)
    form = PanelStatusChangeForm(request.POST or None, allowed_statuses=allowed)
    if request.method == "POST" and allowed and form.is_valid():
        try:
            organisation = services.organisation_change_status(
                organisation=organisation,
                actor=request.user,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                notify=form.cleaned_data["notify"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The membership of %(name)s is now “%(status)s”.")
                % {"name": organisation.name, "status": organisation.get_status_display()},
            )
            return redirect("panel:member_detail", pk=organisation.pk)
    return _panel(
        request,
        "member_status.html",
        "members",
        {"organisation": organisation, "form": form, "allowed_statuses": allowed},
    )


@coordinator_required
@require_safe
def member_audit(request, pk):
    organisation = _organisation_or_404(pk)
    page_obj = Paginator(audit_trail_for(organisation), AUDIT_ENTRIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    _present_audit_entries(page_obj.object_list)
    return _panel(
        request,
        "member_audit.html",
        "members",
        {"organisation": organisation, "page_obj": page_obj},
    )


# --- Applications -------------------------------------------------------------------------------


@coordinator_required
@require_safe
def application_list(request):
    return _panel(
        request,
        "application_list.html",
        "applications",
        {"applicants": selectors.applications_pending()},
    )


def _applicant_or_redirect(request, pk):
    """Return (applicant, None), or (None, a redirect) when the organisation is no applicant."""
    organisation = get_object_or_404(
        Organisation.objects.select_related("primary_representative", "application"), pk=pk
    )
    if organisation.status != Status.APPLICANT:
        messages.warning(
            request,
            _("%(name)s is not waiting for a decision on an application.")
            % {"name": organisation.name},
        )
        return None, redirect("panel:member_detail", pk=organisation.pk)
    return organisation, None


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def member_approve(request, pk):
    organisation, elsewhere = _applicant_or_redirect(request, pk)
    if elsewhere:
        return elsewhere
    if request.method == "POST":
        try:
            services.membership_approve(organisation=organisation, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("panel:member_approve", pk=organisation.pk)
        messages.success(
            request,
            _(
                "%(name)s is now an active member. Its representative was invited by e-mail to "
                "set a password."
            )
            % {"name": organisation.name},
        )
        return redirect("panel:application_list")
    return _panel(
        request,
        "application_approve.html",
        "applications",
        {"organisation": organisation, "application": getattr(organisation, "application", None)},
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def member_reject(request, pk):
    organisation, elsewhere = _applicant_or_redirect(request, pk)
    if elsewhere:
        return elsewhere
    form = RejectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_reject(
                organisation=organisation, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The application of %(name)s is rejected; the reason was sent by e-mail.")
                % {"name": organisation.name},
            )
            return redirect("panel:application_list")
    return _panel(
        request,
        "application_reject.html",
        "applications",
        {"organisation": organisation, "form": form},
    )


# --- People -------------------------------------------------------------------------------------


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def person_create(request, pk):
    organisation = _organisation_or_404(pk)
    form = PersonForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                organisation=organisation, actor=request.user, data=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is added to %(organisation)s.")
                % {"name": person.full_name, "organisation": organisation.name},
            )
            return redirect("panel:member_detail", pk=organisation.pk)
    return _panel(
        request, "person_form.html", "members", {"form": form, "organisation": organisation}
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def person_edit(request, pk):
    person = _person_or_404(pk)
    organisation = person.organisation
    is_primary = organisation.primary_representative_id == person.pk
    form = PersonForm(request.POST or None, instance=person, organisation=organisation)
    if is_primary:
        # The primary representative stays a representative; name another one first.
        form.fields["role"].disabled = True
        form.fields["role"].help_text = _("The primary representative is always a representative.")
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(person=person, actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("panel:member_detail", pk=organisation.pk)
    return _panel(
        request,
        "person_form.html",
        "members",
        {"form": form, "organisation": organisation, "person": Person.objects.get(pk=pk)},
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def person_delete(request, pk):
    person = _person_or_404(pk)
    organisation = person.organisation
    if request.method == "POST":
        try:
            services.person_delete(person=person, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("%(name)s is removed from the registry.") % {"name": person.full_name}
            )
        return redirect("panel:member_detail", pk=organisation.pk)
    return _panel(
        request,
        "person_confirm_delete.html",
        "members",
        {
            "person": person,
            "organisation": organisation,
            "is_primary": organisation.primary_representative_id == person.pk,
        },
    )


@coordinator_required
@require_POST
def person_invite(request, pk):
    person = _person_or_404(pk)
    if selectors.account_linked_elsewhere(person=person):
        messages.error(
            request,
            _(
                "The account with the e-mail %(email)s belongs to another person in the registry. "
                "Give this person another e-mail address, or remove the other entry first."
            )
            % {"email": person.email},
        )
        return redirect("panel:member_detail", pk=person.organisation_id)
    try:
        invitation = services.person_invite(person=person, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if invitation is None:
            messages.info(
                request,
                _(
                    "An account with this e-mail address already existed; "
                    "it is now linked to %(name)s."
                )
                % {"name": person.full_name},
            )
        else:
            messages.success(
                request, _("An invitation was sent to %(email)s.") % {"email": person.email}
            )
    return redirect("panel:member_detail", pk=person.organisation_id)


@coordinator_required
@require_POST
def person_make_primary(request, pk):
    person = _person_or_404(pk)
    try:
        services.primary_representative_set(
            organisation=person.organisation, person=person, actor=request.user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(name)s is now the primary representative of %(organisation)s.")
            % {"name": person.full_name, "organisation": person.organisation.name},
        )
    return redirect("panel:member_detail", pk=person.organisation_id)


# --- CSV import ---------------------------------------------------------------------------------


def _import_context(rows, payload=None):
    errors = [error for row in rows for error in row.errors]
    return {
        "rows": rows,
        "errors": errors,
        "active_count": sum(1 for row in rows if row.becomes_active),
        "applicant_count": sum(1 for row in rows if row.cleaned and not row.becomes_active),
        "confirm_form": ImportConfirmForm(initial={"payload": payload}) if payload else None,
    }


def _import_reference():
    return {
        "columns": [
            (
                column,
                imports.ImportRowForm.base_fields[column].label,
                column in imports.REQUIRED_COLUMNS,
            )
            for column in imports.IMPORT_COLUMNS
        ],
        "kinds": Organisation.Kind.choices,
        "voivodeships": Organisation._meta.get_field("voivodeship").choices,
        "sectors": Sector.objects.order_by("name"),
    }


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def member_import(request):
    """Step 1, the upload, and step 2, the preview of every row with its errors."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        try:
            rows = imports.rows_from_csv(content)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            has_errors = any(row.errors for row in rows)
            # The server signs what it checked, so the confirmation cannot swap in other data;
            # it is checked again all the same, as the database may have changed meanwhile.
            payload = (
                None
                if has_errors
                else signing.dumps(
                    content.decode("utf-8-sig"), salt=IMPORT_SIGNING_SALT, compress=True
                )
            )
            return _panel(request, "import_preview.html", "members", _import_context(rows, payload))
    return _panel(request, "import_upload.html", "members", {"form": form, **_import_reference()})


def _signed_import_text(form):
    """Return the CSV text the preview signed, or None when it is missing, forged or too old."""
    if not form.is_valid():
        return None
    try:
        return signing.loads(
            form.cleaned_data["payload"], salt=IMPORT_SIGNING_SALT, max_age=IMPORT_PREVIEW_MAX_AGE
        )
    except signing.BadSignature:
        return None


@coordinator_required
@require_POST
def member_import_confirm(request):
    """Step 3: check the signed file again and import every row, or nothing."""
    text = _signed_import_text(ImportConfirmForm(request.POST))
    if text is None:
        messages.error(request, _("The preview has expired. Upload the file again."))
        return redirect("panel:member_import")
    try:
        rows = imports.rows_from_csv(text.encode("utf-8"))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("panel:member_import")
    if not any(row.errors for row in rows):
        try:
            organisations = imports.organisations_import(actor=request.user, rows=rows)
        except ValidationError as error:
            context = _import_context(rows)
            context["errors"] = error.messages
            return _panel(request, "import_preview.html", "members", context, status=400)
        count = len(organisations)
        messages.success(
            request,
            ngettext(
                "%(count)s organisation was imported.",
                "%(count)s organisations were imported.",
                count,
            )
            % {"count": count},
        )
        return redirect("panel:member_list")
    return _panel(request, "import_preview.html", "members", _import_context(rows), status=400)


@coordinator_required
@require_safe
def member_import_template(request):
    header = ";".join(imports.IMPORT_COLUMNS)
    response = HttpResponse(f"\ufeff{header}\r\n".encode(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="members-import-template.csv"'
    return response


# --- Action groups ------------------------------------------------------------------------------


@coordinator_required
@require_safe
def action_group_list(request):
    return _panel(
        request,
        "action_group_list.html",
        "action_groups",
        {"groups": selectors.action_groups_for_panel()},
    )


def _action_group_form(request, group):
    form = ActionGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.action_group_save(
                actor=request.user,
                data=form.group_data(),
                organisations=form.cleaned_data["organisations"],
                # The form has already changed `group`; the service compares with what is saved.
                action_group=ActionGroup.objects.get(pk=group.pk) if group else None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The action group “%(name)s” is saved.") % {"name": saved})
            return redirect("panel:action_group_list")
    return _panel(
        request, "action_group_form.html", "action_groups", {"form": form, "group": group}
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_group_create(request):
    return _action_group_form(request, None)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def action_group_edit(request, pk):
    return _action_group_form(request, get_object_or_404(ActionGroup, pk=pk))


# --- Sectors ------------------------------------------------------------------------------------


@coordinator_required
@require_safe
def sector_list(request):
    return _panel(
        request, "sector_list.html", "sectors", {"sectors": selectors.sectors_for_panel()}
    )


def _sector_form(request, sector):
    form = SectorForm(request.POST or None, instance=sector)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.sector_save(
                actor=request.user,
                data=form.cleaned_data,
                sector=Sector.objects.get(pk=sector.pk) if sector else None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The sector “%(name)s” is saved.") % {"name": saved})
            return redirect("panel:sector_list")
    return _panel(request, "sector_form.html", "sectors", {"form": form, "sector": sector})


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def sector_create(request):
    return _sector_form(request, None)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def sector_edit(request, pk):
    return _sector_form(request, get_object_or_404(Sector, pk=pk))


# --- Council ------------------------------------------------------------------------------------


@coordinator_required
@require_safe
def council_list(request):
    today = timezone.localdate()
    seats = list(selectors.council_seats_for_panel())
    return _panel(
        request,
        "council_list.html",
        "council",
        {
            "current_seats": [s for s in seats if s.term_end is None or s.term_end >= today],
            "past_seats": [s for s in seats if s.term_end is not None and s.term_end < today],
            "today": today,
        },
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def council_seat_add(request):
    form = CouncilSeatForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            seat = services.council_seat_add(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s has a seat on the council.") % {"name": seat.person.full_name},
            )
            return redirect("panel:council_list")
    return _panel(request, "council_seat_form.html", "council", {"form": form})


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def council_seat_end(request, pk):
    seat = get_object_or_404(CouncilSeat.objects.select_related("person__organisation"), pk=pk)
    form = CouncilSeatEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.council_seat_end(
                seat=seat, actor=request.user, term_end=form.cleaned_data["term_end"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The council term of %(name)s ends on %(date)s.")
                % {
                    "name": seat.person.full_name,
                    "date": date_format(form.cleaned_data["term_end"]),
                },
            )
            return redirect("panel:council_list")
    return _panel(request, "council_seat_end.html", "council", {"form": form, "seat": seat})


# --- Coordinators -------------------------------------------------------------------------------


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def invite_coordinator(request):
    form = CoordinatorInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation_send(
                email=form.cleaned_data["email"],
                invited_by=request.user,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                language=form.cleaned_data["language"],
                is_coordinator=True,
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request,
                _("An invitation to join the cluster office was sent to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect(reverse("panel:dashboard"))
    return _panel(request, "invite_coordinator.html", "invite", {"form": form})
