"""The joint-purchase box on a post's page: the member's commitment and its form, or the
organiser's link to the list."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from members import roles as member_roles

from .. import selectors
from ..purchase_exports import plain_quantity
from ..purchase_forms import CommitmentForm

register = template.Library()


@register.inclusion_tag("cooperation/purchase_box.html", takes_context=True)
def purchase_box(context, post):
    """Show what the visitor may do with a joint purchase; nothing for any other post."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not post.is_joint_purchase or user is None:
        return {"show": False}
    person = member_roles.member_person_of(user)
    commitment = (
        selectors.commitment_of(post=post, organisation=person.organisation) if person else None
    )
    initial = (
        {"quantity": plain_quantity(commitment.quantity), "note": commitment.note}
        if commitment
        else None
    )
    return {
        "show": True,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "post": post,
        "person": person,
        "commitment": commitment,
        "refusal": selectors.purchase_refusal(post),
        "manages": selectors.may_manage_purchase(user=user, post=post),
        "form": CommitmentForm(initial=initial, unit=post.purchase_unit),
    }


@register.filter
def quantity(value):
    """A quantity in the reader's number format, no trailing zeros: 37.500 is "37,5" in Polish."""
    if value is None or value == "":
        return ""
    text = plain_quantity(Decimal(value))
    places = len(text.partition(".")[2])
    return number_format(Decimal(text), decimal_pos=places, use_l10n=True, force_grouping=True)
