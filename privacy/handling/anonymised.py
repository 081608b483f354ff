"""Rows that stay after an erasure with their personal fields replaced.

Addresses become unique placeholders under the reserved `.invalid` domain (the tables keep their
unique constraints); names become a dash, which `Person.full_name` and `User.get_full_name` show as
"a person erased on <date>" in the reader's language.
"""

import secrets
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from ..registry import (
    Declaration,
    Erasure,
    Handling,
    Subject,
    by_email,
    by_name,
    by_person,
    by_user,
    installed,
    register,
    rows,
)

ANONYMISE = Handling.ANONYMISE
ERASED_NAME = "—"
ERASED_DOMAIN = "erased.invalid"


def erased_email(kind: str, pk: Any) -> str:
    return f"erased-{kind}-{pk}@{ERASED_DOMAIN}"


def _per_row(queryset: QuerySet[Any], values: Any) -> int:
    """Update each row with `values(row)`; for values that must differ per row."""
    count = 0
    for row in queryset.order_by("pk"):
        type(row)._default_manager.filter(pk=row.pk).update(**values(row))
        count += 1
    return count


def _users(queryset: QuerySet[Any], erasure: Erasure) -> int:
    return _per_row(
        queryset,
        lambda user: {
            "email": erased_email("user", user.pk),
            "first_name": "",
            "last_name": "",
            "password": make_password(None),
            "is_active": False,
            "is_staff": False,
            "is_superuser": False,
            "is_coordinator": False,
            "erased_on": erasure.on,
        },
    )


def _persons(queryset: QuerySet[Any], erasure: Erasure) -> int:
    return _per_row(
        queryset,
        lambda person: {
            "first_name": ERASED_NAME,
            "last_name": ERASED_NAME,
            "position": "",
            "email": erased_email("person", person.pk),
            "phone": "",
            "is_public_contact": False,
            "erased_on": erasure.on,
        },
    )


def _registrations(queryset: QuerySet[Any], erasure: Erasure) -> int:
    from events.models import Registration

    return _per_row(
        queryset,
        lambda registration: {
            "first_name": ERASED_NAME,
            "last_name": ERASED_NAME,
            "email": erased_email("registration", registration.pk),
            "answers": {},
            "token": Registration.new_token(),
        },
    )


def _deliveries(queryset: QuerySet[Any], erasure: Erasure) -> int:
    return _per_row(
        queryset,
        lambda delivery: {"email": erased_email("delivery", delivery.pk), "subscriber": None},
    )


def _organisations(queryset: QuerySet[Any], erasure: Erasure) -> int:
    """Only an organisation whose contact address is the person's own loses it."""
    return queryset.filter(by_email("email")(erasure.subject)).update(email="")


def _applications(queryset: QuerySet[Any], erasure: Erasure) -> int:
    return queryset.update(ip_address=None)


def _partners(queryset: QuerySet[Any], erasure: Erasure) -> int:
    return queryset.update(contact_name="", email="", phone="")


def _candidates(queryset: QuerySet[Any], erasure: Erasure) -> int:
    return _per_row(
        queryset,
        lambda candidate: {"statement": "", "consent_token": secrets.token_urlsafe(32)},
    )


def _minutes_rows(subject: Subject) -> QuerySet[Any]:
    from meetings.models import Minutes

    condition = Q(pk__in=[])
    for name in subject.names():
        condition |= Q(text__icontains=name)
    return Minutes.objects.filter(condition)


def _minutes(queryset: QuerySet[Any], erasure: Erasure) -> int:
    count = 0
    for minutes in queryset:
        text = erasure.scrub(minutes.text)
        if text != minutes.text:
            type(minutes).objects.filter(pk=minutes.pk).update(text=text)
            count += 1
    return count


def _audit_rows(subject: Subject) -> QuerySet[Any]:
    """For the copy: what the person did, as the audit trail's actor."""
    from core.models import AuditEntry

    return AuditEntry.objects.filter(actor__in=subject.user_ids)


def _audit_erase_rows(subject: Subject) -> QuerySet[Any]:
    """Entries whose text may name the person: about their account, their registry entries, or
    the organisations they work for (whose trail records changes to their people)."""
    from core.models import AuditEntry
    from members.models import Person

    person_type = ContentType.objects.get_for_model(Person)
    organisation_ids = {str(person.organisation_id) for person in subject.persons}
    return AuditEntry.objects.filter(
        Q(actor__in=subject.user_ids)
        | Q(target_type=person_type, target_id__in=[str(pk) for pk in subject.person_ids])
        | Q(parent_type=person_type, parent_id__in=[str(pk) for pk in subject.person_ids])
        | Q(
            parent_type=ContentType.objects.get(app_label="members", model="organisation"),
            parent_id__in=organisation_ids,
        )
        | Q(
            target_type=ContentType.objects.get(app_label="members", model="organisation"),
            target_id__in=organisation_ids,
        )
    )


def _audit(queryset: QuerySet[Any], erasure: Erasure) -> int:
    """Scrub the trail's text: the entries stay, with who acted, what and when."""
    from core.models import AuditEntry

    candidates = queryset
    if erasure.targets:
        about = Q(pk__in=[])
        for type_id, pk in erasure.targets:
            about |= Q(target_type_id=type_id, target_id=pk)
            about |= Q(parent_type_id=type_id, parent_id=pk)
        candidates = AuditEntry.objects.filter(Q(pk__in=queryset.values("pk")) | about)
    count = 0
    for entry in candidates.order_by("pk").iterator():
        is_about_them = (entry.target_type_id, entry.target_id) in erasure.targets
        target_repr = erasure.label if is_about_them else erasure.scrub(entry.target_repr)
        changes = erasure.scrub(entry.changes)
        if target_repr != entry.target_repr or changes != entry.changes:
            AuditEntry.objects.filter(pk=entry.pk).update(
                target_repr=target_repr[:255], changes=changes
            )
            count += 1
    return count


def _admin_log(queryset: QuerySet[Any], erasure: Erasure) -> int:
    count = 0
    for entry in queryset:
        object_repr = erasure.scrub(entry.object_repr)
        message = erasure.scrub(entry.change_message)
        if (object_repr, message) != (entry.object_repr, entry.change_message):
            type(entry).objects.filter(pk=entry.pk).update(
                object_repr=object_repr[:200], change_message=message
            )
            count += 1
    return count


def _data_requests(queryset: QuerySet[Any], erasure: Erasure) -> int:
    """Copies prepared for the person go; requests for erasure stay as its proof, nameless."""
    from privacy.models import DataRequest

    count = 0
    for request in queryset.filter(kind=DataRequest.Kind.EXPORT):
        if request.archive:
            request.archive.delete(save=False)
        request.delete()
        count += 1
    erasures = queryset.filter(kind=DataRequest.Kind.ERASURE)
    count += erasures.exclude(status=DataRequest.Status.DONE).update(
        status=DataRequest.Status.CANCELLED, user=None, email=""
    )
    count += erasures.update(user=None, email="")
    return count


def register_declarations() -> None:
    register(
        Declaration(
            "accounts.User",
            ANONYMISE,
            rows("accounts.User", lambda s: Q(pk__in=s.user_ids)),
            _(
                "The account stays (records point to it) but is closed: no name, no address, "
                "no password."
            ),
            anonymise=_users,
            exclude=("password", "last_login"),
        ),
        Declaration(
            "members.Person",
            ANONYMISE,
            rows("members.Person", lambda s: Q(pk__in=s.person_ids)),
            _(
                "The registry entry stays, as votes, attendance and minutes point to it; its "
                "name, position, e-mail and phone are removed."
            ),
            anonymise=_persons,
        ),
        Declaration(
            "events.Registration",
            ANONYMISE,
            rows("events.Registration", by_person("person"), by_email("email")),
            _("Attendance counts and the event's statistics stay; names, address and answers go."),
            anonymise=_registrations,
        ),
        Declaration(
            "news.Delivery",
            ANONYMISE,
            rows("news.Delivery", by_email("email")),
            _("A campaign's delivery count stays; the address goes."),
            anonymise=_deliveries,
        ),
        Declaration(
            "members.Organisation",
            ANONYMISE,
            rows(
                "members.Organisation",
                by_email("email"),
                by_person("primary_representative"),
            ),
            _(
                "The organisation's record stays; its contact address is removed when it is "
                "the person's own."
            ),
            anonymise=_organisations,
            exclude=("logo",),
        ),
        Declaration(
            "members.MembershipApplication",
            ANONYMISE,
            _applications_of,
            _(
                "The application, its declaration and consent are the member's record; the IP "
                "address it was sent from is removed."
            ),
            anonymise=_applications,
        ),
        Declaration(
            "agreements.Partner",
            ANONYMISE,
            rows("agreements.Partner", by_email("email"), by_name("contact_name")),
            _("The partner stays; the person named as its contact is removed."),
            anonymise=_partners,
            exclude=("logo",),
        ),
        Declaration(
            "elections.Candidate",
            ANONYMISE,
            rows("elections.Candidate", by_person("person", "nominated_by")),
            _(
                "The candidacy and its votes are part of the election's result; the "
                "candidate's statement is removed."
            ),
            anonymise=_candidates,
        ),
        Declaration(
            "meetings.Minutes",
            ANONYMISE,
            _minutes_rows,
            _(
                "Minutes stay whole: the person's name in their text is replaced; the signed "
                "PDF of approved minutes is kept as the original record."
            ),
            anonymise=_minutes,
            exclude=("pdf",),
        ),
        Declaration(
            "core.AuditEntry",
            ANONYMISE,
            _audit_rows,
            _(
                "The audit trail stays whole (who, what, when); names, addresses and phone "
                "numbers in its text are replaced."
            ),
            anonymise=_audit,
            erase_rows=_audit_erase_rows,
        ),
        Declaration(
            "admin.LogEntry",
            ANONYMISE,
            rows("admin.LogEntry", by_user("user")),
            _("The admin's log stays; names in its text are replaced."),
            anonymise=_admin_log,
        ),
        Declaration(
            "privacy.DataRequest",
            ANONYMISE,
            rows("privacy.DataRequest", by_user("user"), by_email("email")),
            _(
                "Prepared copies are deleted; a request for erasure stays, without a name or "
                "address, as the record that it was carried out."
            ),
            anonymise=_data_requests,
            exclude=("archive",),
        ),
    )
    _register_later_apps()


def _register_later_apps() -> None:
    """Models of the apps added alongside this one (issues 17–19), once they exist."""
    if installed("fees.BillingProfile"):
        register(
            Declaration(
                "fees.BillingProfile",
                ANONYMISE,
                rows("fees.BillingProfile", by_email("email")),
                _(
                    "The member's billing details stay (invoices need them); the address for "
                    "billing questions is removed when it is the person's own."
                ),
                anonymise=lambda queryset, erasure: queryset.update(email=""),
            )
        )


def _applications_of(subject: Subject) -> QuerySet[Any]:
    """The applications of organisations the person represents (they sent them)."""
    from members.models import MembershipApplication, Person

    return MembershipApplication.objects.filter(
        organisation__people__in=subject.person_ids,
        organisation__people__role=Person.Role.REPRESENTATIVE,
    ).distinct()
