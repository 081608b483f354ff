"""Joint purchases: members join with a quantity on the post's page; the organiser's people (and
the coordinator) see the list, export it and close the purchase with its outcome."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.decorators import role_required
from accounts.roles import is_coordinator
from core.forms import add_service_errors
from core.panel import panel_render
from members import roles as member_roles
from members.decorators import member_required

from . import purchase_exports, selectors, services
from .models import Post
from .purchase_forms import CommitmentForm, PurchaseCancelForm, PurchaseOutcomeForm

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The people of active members: they commit their organisation.
member_employee_required = role_required(member_roles.is_member_employee)


# --- Helpers ------------------------------------------------------------------------------------


def purchase_for_member_or_404(request, pk):
    """A joint purchase a member's person may join: one that is or was on the board."""
    try:
        return selectors.purchase_for_member(pk=pk, user=request.user)
    except Post.DoesNotExist as error:
        raise Http404 from error


def purchase_for_manager_or_404(request, pk):
    """A joint purchase the visitor organises, or any for the coordinator; others do not exist."""
    try:
        return selectors.purchase_for_manager(pk=pk, user=request.user)
    except Post.DoesNotExist as error:
        raise Http404 from error


def _own_commitment_or_404(request, post):
    person = member_roles.member_person_of(request.user)
    commitment = selectors.commitment_of(post=post, organisation=person.organisation)
    if commitment is None:
        raise Http404
    return commitment


def _refuse(request, error):
    messages.error(request, " ".join(error.messages))


def _commit_page(request, post, form, *, commitment=None):
    """The form again with its errors, when a quantity was refused."""
    return render(
        request,
        "cooperation/purchase_commit.html",
        {"post": post, "form": form, "commitment": commitment},
    )


def manage_context(post, *, close_form=None, cancel_form=None):
    """What the organiser's page and the coordinator's panel page show of a joint purchase."""
    total, participants = selectors.purchase_total(post=post)
    target = post.purchase_target_quantity
    return {
        "post": post,
        "commitments": selectors.purchase_commitments(post=post),
        "total": total,
        "participants": participants,
        "target_percent": round(total * 100 / target) if target else None,
        "is_open": selectors.purchase_is_open(post),
        "refusal": selectors.purchase_refusal(post),
        "closable": post.closed_at is None and post.status in selectors.PURCHASE_CLOSABLE_STATUSES,
        "close_form": close_form or PurchaseOutcomeForm(),
        "cancel_form": cancel_form or PurchaseCancelForm(),
    }


def _export_name(post, extension):
    return f"joint-purchase-{post.pk}-{timezone.localdate():%Y-%m-%d}.{extension}"


def commitments_csv_response(post):
    content = purchase_exports.commitments_csv(post, selectors.purchase_commitments(post=post))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_name(post, "csv")}"'
    return response


def commitments_xlsx_response(post):
    content = purchase_exports.commitments_xlsx(
        post, selectors.purchase_commitments(post=post), title=_("Joint purchase")
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_export_name(post, "xlsx")}"'
    return response


# --- A member's commitment ----------------------------------------------------------------------


@member_employee_required
@require_POST
def purchase_join(request, pk):
    post = purchase_for_member_or_404(request, pk)
    form = CommitmentForm(request.POST, unit=post.purchase_unit)
    if form.is_valid():
        try:
            services.commitment_join(
                post=post,
                actor=request.user,
                quantity=form.cleaned_data["quantity"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your organisation has joined the joint purchase."))
            return redirect(post.get_absolute_url())
    return _commit_page(request, post, form)


@member_employee_required
@require_POST
def purchase_update(request, pk):
    post = purchase_for_member_or_404(request, pk)
    commitment = _own_commitment_or_404(request, post)
    form = CommitmentForm(request.POST, unit=post.purchase_unit)
    if form.is_valid():
        try:
            services.commitment_update(
                commitment=commitment,
                actor=request.user,
                quantity=form.cleaned_data["quantity"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your organisation's quantity is changed."))
            return redirect(post.get_absolute_url())
    return _commit_page(request, post, form, commitment=commitment)


@member_employee_required
@require_POST
def purchase_withdraw(request, pk):
    post = purchase_for_member_or_404(request, pk)
    commitment = _own_commitment_or_404(request, post)
    try:
        services.commitment_withdraw(commitment=commitment, actor=request.user)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("Your organisation has left the joint purchase."))
    return redirect(post.get_absolute_url())


# --- The organiser ------------------------------------------------------------------------------


@member_employee_required
@require_safe
def my_purchases(request):
    person = member_roles.member_person_of(request.user)
    return render(
        request,
        "cooperation/purchase_list.html",
        {
            "purchases": selectors.purchases_of_organisation(organisation=person.organisation),
            "commitments": selectors.commitments_of_organisation(organisation=person.organisation),
            "organisation": person.organisation,
        },
    )


@member_required
@require_safe
def purchase_manage(request, pk):
    post = purchase_for_manager_or_404(request, pk)
    return render(request, "cooperation/purchase_manage.html", manage_context(post))


@member_required
@require_safe
def purchase_export_csv(request, pk):
    return commitments_csv_response(purchase_for_manager_or_404(request, pk))


@member_required
@require_safe
def purchase_export_xlsx(request, pk):
    return commitments_xlsx_response(purchase_for_manager_or_404(request, pk))


def _from_panel(request):
    return request.POST.get("next") == "panel" and is_coordinator(request.user)


def _after_closing(request, post):
    if _from_panel(request):
        return redirect("panel_cooperation:purchase_detail", pk=post.pk)
    return redirect("cooperation:purchase_manage", pk=post.pk)


def _manage_again(request, post, **forms):
    context = manage_context(post, **forms)
    if _from_panel(request):
        return panel_render(
            request, "cooperation/purchase_detail.html", context, section="cooperation"
        )
    return render(request, "cooperation/purchase_manage.html", context)


@member_required
@require_POST
def purchase_close(request, pk):
    post = purchase_for_manager_or_404(request, pk)
    form = PurchaseOutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.purchase_close(
                post=post, actor=request.user, outcome=form.cleaned_data["outcome"]
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                _refuse(request, error)
                return _after_closing(request, post)
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The joint purchase is closed; everyone who joined is told the outcome."),
            )
            return _after_closing(request, post)
    return _manage_again(request, post, close_form=form)


@member_required
@require_POST
def purchase_cancel(request, pk):
    post = purchase_for_manager_or_404(request, pk)
    form = PurchaseCancelForm(request.POST)
    if form.is_valid():
        try:
            services.purchase_cancel(
                post=post, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                _refuse(request, error)
                return _after_closing(request, post)
            if "outcome" in error.error_dict:
                error = ValidationError({"reason": error.error_dict["outcome"]})
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The joint purchase is cancelled; everyone who joined is told why.")
            )
            return _after_closing(request, post)
    return _manage_again(request, post, cancel_form=form)
