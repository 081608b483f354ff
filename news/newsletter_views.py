"""The public newsletter: subscribe, confirm (double opt-in), preferences and unsubscribe."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.security import client_ip
from core import mail_limits

from . import selectors, services
from .forms import PreferencesForm, SubscribeForm
from .models import Subscriber


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    # The home page's short form passes the address on, so only the topics are left to choose.
    form = SubscribeForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            with mail_limits.reserve(request, to=form.cleaned_data["email"]):
                services.subscription_request(
                    email=form.cleaned_data["email"],
                    topics=list(form.cleaned_data["topics"]),
                    language=get_language(),
                    consent_text=form.consent_text(),
                    ip_address=client_ip(request),
                )
        except mail_limits.MailLimitReached as error:
            form.add_error(None, error)
            status = 429
        else:
            return redirect("newsletter:requested")
    return render(request, "news/newsletter_subscribe.html", {"form": form}, status=status)


@require_safe
def requested(request):
    return render(request, "news/newsletter_requested.html")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """Show the request behind a link and confirm it on POST, so link scanners confirm nothing."""
    try:
        payload = services.confirmation_payload(token)
    except ValidationError as error:
        return render(request, "news/newsletter_link_invalid.html", {"error": error}, status=400)
    if request.method == "POST":
        try:
            subscriber = services.subscription_confirm(token=token)
        except ValidationError as error:
            return render(
                request, "news/newsletter_link_invalid.html", {"error": error}, status=400
            )
        return render(request, "news/newsletter_confirmed.html", {"subscriber": subscriber})
    return render(
        request,
        "news/newsletter_confirm.html",
        {"topics": selectors.topics().filter(code__in=payload["t"])},
    )


def _addressee_or_404(token):
    subscriber, email, language = selectors.subscriber_for_token(token)
    if email is None:
        raise Http404
    return subscriber, email, language


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request, token):
    """What an address receives, reached from the link in every newsletter."""
    subscriber, email, _language = _addressee_or_404(token)
    confirmed = subscriber is not None and subscriber.state == Subscriber.State.CONFIRMED
    form = None
    if confirmed:
        form = PreferencesForm(
            request.POST or None,
            initial={"topics": list(subscriber.topics.all()), "language": subscriber.language},
        )
        if request.method == "POST" and form.is_valid():
            services.subscriber_preferences_update(
                subscriber=subscriber,
                topics=list(form.cleaned_data["topics"]),
                language=form.cleaned_data["language"],
            )
            messages.success(request, _("Your preferences have been saved."))
            return redirect("newsletter:preferences", token=token)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "news/newsletter_preferences.html",
        {"form": form, "subscriber": subscriber, "email": email, "token": token},
    )


@require_POST
def unsubscribe(request, token):
    """The visible unsubscribe button of the preferences page."""
    subscriber, email, language = _addressee_or_404(token)
    services.subscriber_unsubscribe(email=email, subscriber=subscriber, language=language)
    messages.success(request, _("You have been unsubscribed. No more newsletters will come."))
    return redirect("newsletter:preferences", token=token)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def one_click_unsubscribe(request, token):
    """The List-Unsubscribe URL (RFC 8058): a POST unsubscribes and answers 200, never a redirect.

    Mail clients post without cookies, so there is no CSRF token to check; the opaque token
    in the URL is the only credential and repeating the request is harmless. A GET only shows
    a button, so link scanners that follow URLs unsubscribe nobody.
    """
    subscriber, email, language = selectors.subscriber_for_token(token)
    if email is None:
        raise Http404
    with translation.override(language):
        if request.method == "POST":
            services.subscriber_unsubscribe(email=email, subscriber=subscriber, language=language)
            return render(request, "news/newsletter_unsubscribed.html", {"email": email})
        return render(
            request,
            "news/newsletter_one_click.html",
            {"email": email, "subscriber": subscriber, "language": language},
        )
