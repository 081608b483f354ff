"""Rows that an erasure deletes: nothing the cluster must keep depends on them."""

from typing import Any

from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..registry import (
    Declaration,
    Handling,
    Subject,
    by_email,
    by_person,
    by_user,
    installed,
    register,
    rows,
)

DELETE = Handling.DELETE


def _sessions(subject: Subject) -> QuerySet[Any]:
    """The subject's open sessions: the session table names its user only inside the data."""
    wanted = {str(pk) for pk in subject.user_ids}
    keys = []
    if wanted:
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
            if session.get_decoded().get("_auth_user_id") in wanted:
                keys.append(session.session_key)
    return Session.objects.filter(session_key__in=keys)


def _event_documents(subject: Subject) -> QuerySet[Any]:
    """Certificates of the subject's registrations and attendance lists that list them: both
    are rendered again from the (anonymised) registrations when asked for."""
    from events.models import EventDocument, Registration

    registrations = rows("events.Registration", by_person("person"), by_email("email"))(subject)
    events = Registration.objects.filter(pk__in=registrations.values("pk")).values("event_id")
    return EventDocument.objects.filter(registration__in=registrations.values("pk")) | (
        EventDocument.objects.filter(kind=EventDocument.Kind.ATTENDANCE_LIST, event_id__in=events)
    )


def register_declarations() -> None:
    register(
        Declaration(
            "account.EmailAddress",
            DELETE,
            rows("account.EmailAddress", by_user("user"), by_email("email")),
            _("The account's addresses: the account can no longer be used."),
        ),
        Declaration(
            "mfa.Authenticator",
            DELETE,
            rows("mfa.Authenticator", by_user("user")),
            _("Two-factor authenticators of an account that can no longer be used."),
            # Only that an authenticator exists, never its secret or recovery codes.
            exclude=("data",),
        ),
        Declaration(
            "sessions.Session",
            DELETE,
            _sessions,
            _("Open sessions end at once."),
            export=False,
        ),
        Declaration(
            "axes.AccessAttempt",
            DELETE,
            rows("axes.AccessAttempt", by_email("username")),
            _("Failed logins: kept only to stop password guessing."),
            exclude=("post_data", "get_data"),
        ),
        Declaration(
            "axes.AccessLog",
            DELETE,
            rows("axes.AccessLog", by_email("username")),
            _("Log of logins: kept only for security."),
            exclude=("session_hash",),
        ),
        Declaration(
            "axes.AccessFailureLog",
            DELETE,
            rows("axes.AccessFailureLog", by_email("username")),
            _("Log of failed logins: kept only for security."),
        ),
        Declaration(
            "accounts.Invitation",
            DELETE,
            rows("accounts.Invitation", by_user("user")),
            _("Invitations to the account: of no use once it is closed."),
        ),
        Declaration(
            "core.OutboundEmail",
            DELETE,
            rows("core.OutboundEmail", by_email("to")),
            _("E-mails to the person: copies in the outbox, not records."),
            exclude=("body_html", "attachments", "headers"),
        ),
        Declaration(
            "news.Subscriber",
            DELETE,
            rows("news.Subscriber", by_email("email")),
            _("The newsletter subscription ends with the erasure."),
        ),
        Declaration(
            "events.EventDocument",
            DELETE,
            _event_documents,
            _("Certificates and attendance lists are rendered again from the registrations."),
            exclude=("content",),
        ),
        Declaration(
            "cooperation.ContactMessage",
            DELETE,
            rows("cooperation.ContactMessage", by_person("author")),
            _("The person's own messages on the board; the other side's replies stay."),
        ),
        Declaration(
            "cooperation.MatchSubscription",
            DELETE,
            rows("cooperation.MatchSubscription", by_person("person")),
            _("A choice of notices for someone who no longer gets any."),
        ),
        Declaration(
            "cooperation.MatchNotice",
            DELETE,
            rows("cooperation.MatchNotice", by_person("person")),
            _("The record of notices sent, needed only to avoid sending twice."),
        ),
    )
    if installed("documents.NoticeOptOut"):
        register(
            Declaration(
                "documents.NoticeOptOut",
                DELETE,
                rows("documents.NoticeOptOut", by_person("person")),
                _("A choice of notices for someone who no longer gets any."),
            )
        )
    if installed("api.ApiToken"):
        register(
            Declaration(
                "api.ApiToken",
                DELETE,
                rows("api.ApiToken", by_user("user")),
                _("Personal API tokens of an account that can no longer be used."),
            )
        )
