"""The "I'm interested" form on a post's page."""

from django import template

from members import roles as member_roles

from .. import selectors

register = template.Library()


@register.inclusion_tag("cooperation/contact_interested.html", takes_context=True)
def interested_form(context, post):
    """Offer the visitor the form when they may answer `post`: a member's person, not its own."""
    person = member_roles.member_person_of(context.get("user"))
    on_board = context.get("on_board", post.status == post.Status.PUBLISHED)
    own = person is not None and person.organisation_id == post.organisation_id
    can_answer = person is not None and not own and on_board
    return {
        "post": post,
        "can_answer": can_answer,
        "own_contacts": own,
        "contact": selectors.contact_of(post=post, person=person) if can_answer else None,
        "csrf_token": context.get("csrf_token"),
    }
