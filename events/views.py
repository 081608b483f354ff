"""Public event pages: the list, an event, registering, and managing one's registrations."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core import mail_limits
from members import roles
from members.decorators import representative_required

from . import selectors, services
from .calendar import event_ics, events_feed_ics
from .forms import AnswersForm, ColleagueRegistrationForm, GuestRegistrationForm
from .models import Event, Registration

EVENTS_PER_PAGE = 20


# --- Helpers ------------------------------------------------------------------------------------


def get_event_for(request, slug, *, selector=selectors.event_for_page):
    """Return an event the visitor may see; any other does not exist for them."""
    try:
        return selector(slug=slug, user=request.user)
    except Event.DoesNotExist as error:
        raise Http404 from error


def _registration_or_404(token):
    try:
        return selectors.registration_by_token(token)
    except Registration.DoesNotExist as error:
        raise Http404 from error


def _waitlist_position(registration):
    if registration.status != Registration.Status.WAITLISTED:
        return None
    return (
        selectors.waitlist(registration.event).filter(sequence__lt=registration.sequence).count()
        + 1
    )


def _announce(request, registration, *, for_self):
    """Tell the visitor where a new registration stands."""
    values = {
        "name": registration.full_name,
        "event": registration.event.title,
        "email": registration.email,
        "position": _waitlist_position(registration),
    }
    if registration.status == Registration.Status.CONFIRMED:
        text = (
            _(
                "You are registered for %(event)s. A confirmation with a calendar file is on its "
                "way to %(email)s."
            )
            if for_self
            else _("%(name)s is registered for %(event)s; the confirmation went to %(email)s.")
        )
        messages.success(request, text % values)
    else:
        text = (
            _(
                "The event is full, so you are on the waiting list (number %(position)s). We will "
                "e-mail you if a seat frees up."
            )
            if for_self
            else _(
                "The event is full, so %(name)s is on the waiting list (number %(position)s) "
                "and will be told by e-mail if a seat frees up."
            )
        )
        messages.warning(request, text % values)


def _refuse(request, error):
    messages.error(request, " ".join(error.messages))


def _ics_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- List and event page ------------------------------------------------------------------------


@require_safe
def event_list(request):
    past = request.GET.get("when") == "past"
    kind = request.GET.get("kind", "")
    if kind not in Event.Kind.values:
        kind = ""

    def page():
        page_obj = Paginator(
            selectors.events_for_list(user=request.user, past=past, kind=kind), EVENTS_PER_PAGE
        ).get_page(request.GET.get("page"))
        for event in page_obj:
            event.seats_left = selectors.seats_left(event)
        return page_obj

    # The list is lazy, so a list served from the fragment cache runs none of its queries.
    return render(
        request,
        "events/list.html",
        {
            "page_obj": SimpleLazyObject(page),
            "visibility": selectors.events_visibility_key(request.user),
            "past": past,
            "kind": kind,
            "kinds": Event.Kind.choices,
        },
    )


def _event_page(request, event, *, form=None, status=200):
    person = roles.member_person_of(request.user)
    refusal = selectors.window_refusal(event) or selectors.audience_refusal(event, person=person)
    registration = None
    if person is not None:
        registration = selectors.active_registration_of(
            event=event, person=person, email=person.email
        )
    elif request.user.is_authenticated:
        registration = selectors.active_registration_of(event=event, email=request.user.email)
    seats_left = selectors.seats_left(event)
    is_full = seats_left == 0 and not event.waitlist_enabled
    can_register_self = (
        person is not None and registration is None and refusal is None and not is_full
    )
    if can_register_self and form is None:
        form = AnswersForm(questions=event.questions.all())
    organisation = roles.represented_organisation(request.user)
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "seats_left": seats_left,
            "is_full": is_full,
            "refusal": refusal,
            "registration": registration,
            "waitlist_position": _waitlist_position(registration) if registration else None,
            "can_register_self": can_register_self,
            "form": form,
            "can_register_colleagues": organisation is not None and refusal is None,
            "guests_welcome": event.is_public
            and person is None
            and selectors.window_refusal(event) is None,
        },
        status=status,
    )


@require_safe
def event_detail(request, slug):
    return _event_page(request, get_event_for(request, slug))


@require_safe
def event_calendar(request, slug):
    event = get_event_for(request, slug)
    return _ics_response(event_ics(event), f"{event.slug}.ics")


@require_safe
def calendar_feed(request):
    content = events_feed_ics(
        selectors.events_for_calendar_feed(),
        name=_("Events of %(cluster)s") % {"cluster": settings.CLUSTER_NAME},
    )
    return HttpResponse(content, content_type="text/calendar; charset=utf-8")


# --- Registering --------------------------------------------------------------------------------


@login_required
@require_POST
def register(request, slug):
    """A member's person registers themselves."""
    event = get_event_for(request, slug, selector=selectors.event_for_registration)
    person = roles.member_person_of(request.user)
    if person is None:
        messages.error(
            request,
            selectors.audience_refusal(event, person=None)
            or _("Your account is not linked to a member organisation; register as a guest."),
        )
        return redirect(event)
    form = AnswersForm(request.POST, questions=event.questions.all())
    if not form.is_valid():
        return _event_page(request, get_event_for(request, slug), form=form, status=400)
    try:
        registration = services.registration_create(
            event=event,
            actor=request.user,
            person=person,
            language=person.language,
            answers=form.answers(),
        )
    except ValidationError as error:
        _refuse(request, error)
    else:
        _announce(request, registration, for_self=True)
    return redirect(event)


@representative_required
@require_http_methods(["GET", "HEAD", "POST"])
def register_colleague(request, slug):
    """A representative registers people of their organisation, one at a time."""
    event = get_event_for(request, slug, selector=selectors.event_for_registration)
    organisation = request.organisation
    people = list(selectors.colleagues_for_registration(event=event, organisation=organisation))
    unregistered = [person.pk for person in people if not person.active_registrations]
    form = ColleagueRegistrationForm(
        request.POST or None,
        questions=event.questions.all(),
        people=organisation.people.filter(pk__in=unregistered),
    )
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        try:
            registration = services.registration_create(
                event=event,
                actor=request.user,
                person=person,
                language=person.language,
                answers=form.answers(),
            )
        except ValidationError as error:
            _refuse(request, error)
        else:
            _announce(request, registration, for_self=False)
        return redirect("events:register_colleague", slug=event.slug)
    return render(
        request,
        "events/register_colleague.html",
        {
            "event": event,
            "form": form,
            "organisation": organisation,
            "refusal": selectors.window_refusal(event)
            or selectors.audience_refusal(event, person=request.user.person),
            "registrations": selectors.organisation_registrations(
                event=event, organisation=organisation
            ),
            "has_colleagues_left": bool(unregistered),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def register_guest(request, slug):
    """Anyone registers for a public event; the registration counts once the e-mail confirms it."""
    event = get_event_for(request, slug, selector=selectors.event_for_registration)
    if not event.is_public:
        raise Http404
    initial = {}
    if request.user.is_authenticated:
        initial = {
            "first_name": request.user.first_name,
            "last_name": request.user.last_name,
            "email": request.user.email,
        }
    form = GuestRegistrationForm(
        request.POST or None, questions=event.questions.all(), initial=initial
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        guest = form.guest()
        try:
            with mail_limits.reserve(request, to=guest["email"]):
                services.guest_registration_request(
                    event=event, guest=guest, answers=form.answers(), language=get_language()
                )
        except mail_limits.MailLimitReached as error:
            form.add_error(None, error)
            status = 429
        except ValidationError as error:
            _refuse(request, error)
            return redirect(event)
        else:
            messages.info(
                request,
                _(
                    "Almost done: we sent a link to %(email)s. Your registration counts only "
                    "after you open it and confirm."
                )
                % {"email": form.cleaned_data["email"]},
            )
            return redirect(event)
    return render(
        request,
        "events/register_guest.html",
        {"event": event, "form": form, "refusal": selectors.window_refusal(event)},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def guest_confirm(request, token):
    """Show a guest's request from the e-mailed link; confirming it (POST) registers them."""
    try:
        guest_request = services.guest_request_from_token(token)
        event = Event.objects.get(pk=guest_request["event"])
    except (ValidationError, Event.DoesNotExist) as error:
        message = (
            " ".join(error.messages)
            if isinstance(error, ValidationError)
            else _("This event no longer exists.")
        )
        return render(request, "events/guest_confirm.html", {"error": message}, status=400)
    if request.method == "POST":
        try:
            registration = services.guest_registration_confirm(token=token)
        except ValidationError as error:
            _refuse(request, error)
            return redirect(event)
        _announce(request, registration, for_self=True)
        return redirect(registration)
    return render(
        request,
        "events/guest_confirm.html",
        {"event": event, "guest": guest_request["guest"]},
    )


# --- Managing a registration --------------------------------------------------------------------


@require_safe
def registration_detail(request, token):
    """The page a registration's e-mails link to: its state, the calendar file, cancelling."""
    registration = _registration_or_404(token)
    return render(
        request,
        "events/registration.html",
        {
            "registration": registration,
            "event": registration.event,
            "waitlist_position": _waitlist_position(registration),
            "can_cancel": registration.status
            in (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)
            and not registration.event.is_cancelled,
        },
    )


@require_POST
def registration_cancel(request, token):
    registration = _registration_or_404(token)
    try:
        services.registration_cancel(registration=registration, actor=request.user)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(
            request,
            _("The registration of %(name)s for %(event)s is cancelled.")
            % {"name": registration.full_name, "event": registration.event.title},
        )
    next_url = request.POST.get("next")
    if next_url == "my":
        return redirect("events:my_registrations")
    return redirect(registration)


@login_required
@require_safe
def my_registrations(request):
    registrations = list(selectors.registrations_of(request.user))
    upcoming = [
        registration
        for registration in registrations
        if registration.status in selectors.ACTIVE_STATUSES and not registration.event.is_past
    ]
    return render(
        request,
        "events/my_registrations.html",
        {
            "upcoming": upcoming,
            "others": [
                registration for registration in registrations if registration not in upcoming
            ],
        },
    )
