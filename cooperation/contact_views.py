"""Conversations started from the board ("I'm interested") and the matching's notifications.

No page shows an e-mail address: people are named with their organisations, and the e-mails the
portal sends carry the writer's address only as Reply-To, to the person written to.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import role_required
from accounts.roles import is_coordinator
from core.forms import add_service_errors
from members import roles as member_roles
from members.decorators import member_required

from . import selectors, services
from .contact_forms import MessageForm, NotificationsForm
from .forms import FulfilForm
from .models import Contact, MatchSubscription, Post

CONTACTS_PER_PAGE = 50

member_person_required = role_required(member_roles.is_member_employee)


def _interested_post_or_404(request, pk):
    """A post on the board the visitor may answer: not of their own organisation."""
    person = member_roles.member_person_of(request.user)
    try:
        post = selectors.post_for_page(pk=pk, user=request.user)
    except Post.DoesNotExist as error:
        raise Http404 from error
    if post.organisation_id == person.organisation_id:
        raise PermissionDenied
    return person, post


def get_contact_for(request, pk):
    """Return a conversation the visitor takes part in or reads, and who they write as."""
    try:
        return selectors.contact_for_page(pk=pk, user=request.user)
    except Contact.DoesNotExist as error:
        raise Http404 from error


@member_person_required
@require_http_methods(["GET", "HEAD", "POST"])
def interested(request, pk):
    """Send "I'm interested": a message to the post's contact person, through the portal."""
    person, post = _interested_post_or_404(request, pk)
    existing = selectors.contact_of(post=post, person=person)
    form = MessageForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_start(
                post=post, person=person, actor=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
            status = 429 if error.code == "rate_limit" else 200
        else:
            messages.success(
                request,
                _("Your message has been sent to %(organisation)s.")
                % {"organisation": post.organisation.name},
            )
            return redirect("cooperation:contact", pk=contact.pk)
    return render(
        request,
        "cooperation/contact_start.html",
        {"form": form, "post": post, "existing": existing},
        status=status,
    )


@member_required
@require_safe
def contact_list(request):
    """The conversations of the visitor (as the interested party) and of their organisation."""
    person = member_roles.member_person_of(request.user)
    context = {"person": person}
    if person is not None:
        context["started"] = selectors.contacts_started_by(person=person)
        context["received"] = selectors.contacts_on_posts_of(organisation_id=person.organisation_id)
    elif is_coordinator(request.user):
        context["page_obj"] = Paginator(
            selectors.contacts_for_coordinator(), CONTACTS_PER_PAGE
        ).get_page(request.GET.get("page"))
    return render(request, "cooperation/contact_list.html", context)


@member_required
@require_http_methods(["GET", "HEAD", "POST"])
def contact_detail(request, pk):
    """A conversation: its messages, a reply form for both sides; the coordinator only reads."""
    contact, person = get_contact_for(request, pk)
    if request.method == "POST" and person is None:
        raise PermissionDenied
    side = selectors.contact_side_of(contact=contact, person=person) if person else ""
    form = MessageForm(request.POST or None) if person is not None else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.contact_reply(
                contact=contact, person=person, actor=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your message has been sent."))
            return redirect("cooperation:contact", pk=contact.pk)
    post = contact.post
    return render(
        request,
        "cooperation/contact_detail.html",
        {
            "contact": contact,
            "post": post,
            "side": side,
            "contact_messages": selectors.contact_messages(contact=contact),
            "form": form,
            "fulfil_form": FulfilForm(prefix="fulfil")
            if side == selectors.POSTER
            and post.status in (Post.Status.PUBLISHED, Post.Status.EXPIRED)
            else None,
        },
    )


@member_person_required
@require_POST
def contact_fulfil(request, pk):
    """The posting organisation marks the post fulfilled from a conversation about it."""
    contact, person = get_contact_for(request, pk)
    if selectors.contact_side_of(contact=contact, person=person) != selectors.POSTER:
        raise PermissionDenied
    form = FulfilForm(request.POST, prefix="fulfil")
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("outcome", [])))
        return redirect("cooperation:contact", pk=contact.pk)
    try:
        services.post_fulfil(
            post=contact.post, actor=request.user, outcome=form.cleaned_data["outcome"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The post is marked fulfilled and leaves the board."))
    return redirect("cooperation:contact", pk=contact.pk)


@member_person_required
@require_http_methods(["GET", "HEAD", "POST"])
def notifications(request):
    """How often the visitor hears of new posts that fit their organisation."""
    person = member_roles.member_person_of(request.user)
    subscription = selectors.match_subscription_of(person=person)
    initial = subscription.frequency if subscription else MatchSubscription.Frequency.NEVER
    form = NotificationsForm(request.POST or None, initial={"frequency": initial})
    if request.method == "POST" and form.is_valid():
        try:
            services.match_subscription_save(
                person=person, actor=request.user, frequency=form.cleaned_data["frequency"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your choice has been saved."))
            return redirect("cooperation:notifications")
    return render(
        request,
        "cooperation/contact_notifications.html",
        {"form": form, "organisation": person.organisation},
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def one_click_unsubscribe(request, token):
    """The List-Unsubscribe URL (RFC 8058): a POST stops the e-mails and answers 200.

    Mail clients post without cookies, so there is no CSRF token to check; the opaque token in
    the URL is the only credential and repeating the request is harmless. A GET only shows a
    button, so link scanners that follow URLs unsubscribe nobody.
    """
    subscription = selectors.match_subscription_by_token(token=token)
    if subscription is None:
        raise Http404
    with translation.override(subscription.person.language):
        if request.method == "POST":
            services.match_subscription_unsubscribe(subscription=subscription)
            return render(request, "cooperation/contact_unsubscribed.html")
        return render(
            request,
            "cooperation/contact_unsubscribe.html",
            {
                "unsubscribed": subscription.frequency == MatchSubscription.Frequency.NEVER,
            },
        )
