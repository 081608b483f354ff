"""Writes to the cooperation app: each keyword-only, typed, atomic and audit-logged.

Sections: the board (this part), then contacts and matching, then joint purchases, each added by
its own helper below its heading.
"""

import datetime
import secrets
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.roles import is_coordinator
from core.audit import audit_log, model_snapshot
from core.emails import email_queue
from core.services import audited_update, save_checked
from core.uploads import validate_document
from members import roles as member_roles
from members.models import Competence, Organisation, Person, Sector

from . import matching, selectors
from .models import (
    WORKING_LANGUAGES,
    BoardSettings,
    Contact,
    ContactMessage,
    MatchSubscription,
    Post,
    PostAttachment,
    PurchaseCommitment,
)

Status = Post.Status

# --- The board ----------------------------------------------------------------------------------

# The fields a change of which a moderator must see again when the board needs approval.
POST_CONTENT_FIELDS = [
    "kind",
    *(f"title_{code}" for code, _name in settings.LANGUAGES),
    *(f"description_{code}" for code, _name in settings.LANGUAGES),
    "visibility",
    "languages",
    "funding_call",
    "purchase_unit",
    "purchase_target_quantity",
]
POST_AUDITED_FIELDS = [*POST_CONTENT_FIELDS, "valid_until", "contact_person", "status"]
# What a form may set on a post; anything else in `data` is refused.
POST_EDITABLE_FIELDS = frozenset([*POST_CONTENT_FIELDS, "valid_until", "contact_person"])
# States from which a post can still change hands: withdrawn and fulfilled posts are closed.
OPEN_STATUSES = (Status.PENDING, Status.PUBLISHED, Status.HIDDEN, Status.EXPIRED)
MAX_ATTACHMENTS_PER_POST = 10


def _refuse(message: Any, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _author_of(actor: User, organisation: Organisation) -> Any:
    """Return the actor's person when they work for `organisation`, an active member."""
    person = member_roles.member_person_of(actor)
    if person is None or person.organisation_id != organisation.pk:
        raise _refuse(
            _("Only the people of an active member organisation may post for it."), "not_member"
        )
    return person


def _check_post(post: Post) -> None:
    """The service's rules that need valid field values: people, languages, dates."""
    if post.contact_person.organisation_id != post.organisation_id:
        raise ValidationError(
            {"contact_person": _("The contact person must work for the posting organisation.")},
            code="contact_person",
        )
    unknown = [code for code in post.languages if code not in WORKING_LANGUAGES]
    if not isinstance(post.languages, list) or unknown:
        raise ValidationError(
            {"languages": _("Choose working languages from the list.")}, code="languages"
        )


def _check_validity(post: Post) -> None:
    if post.valid_until < timezone.localdate():
        raise ValidationError(
            {"valid_until": _("The validity date cannot be in the past.")}, code="valid_until"
        )


def _clean_data(data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(data) - POST_EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"fields a post's form may not set: {sorted(unknown)}")
    values = dict(data)
    # Only the kind's own fields are kept: a request carries no unit, an offer no funding call.
    kind = values.get("kind")
    if kind is not None:
        if kind != Post.Kind.CALL_FOR_PARTNERS:
            values["funding_call"] = ""
        if kind != Post.Kind.JOINT_PURCHASE:
            values["purchase_unit"] = ""
            values["purchase_target_quantity"] = None
    if "languages" in values:
        values["languages"] = sorted(set(values["languages"] or []))
    return values


def _set_related(
    post: Post,
    competences: Iterable[Competence] | None,
    sectors: Iterable[Sector] | None,
) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name, chosen in (("competences", competences), ("sectors", sectors)):
        if chosen is None:
            continue
        manager = getattr(post, name)
        before = sorted(str(item) for item in manager.all())
        manager.set(list(chosen))
        after = sorted(str(item) for item in manager.all())
        if before != after:
            changes[name] = [before, after]
    return changes


def _publish(post: Post) -> None:
    """Put a post on the board; the matching is told only of its first publication."""
    first = post.published_at is None
    post.status = Status.PUBLISHED
    if first:
        post.published_at = timezone.now()
    post.save(update_fields=["status", "published_at", "updated_at"])
    if first:
        matching.post_published(post=post)


def _lock(post: Post) -> Post:
    return Post.objects.select_for_update().select_related("organisation").get(pk=post.pk)


@transaction.atomic
def post_create(
    *,
    actor: User,
    organisation: Organisation,
    data: Mapping[str, Any],
    competences: Iterable[Competence] = (),
    sectors: Iterable[Sector] = (),
) -> Post:
    """Post for the actor's organisation: published at once, or pending if approval is needed."""
    author = _author_of(actor, organisation)
    post = Post(organisation=organisation, author=author, **_clean_data(data))
    post.status = Status.PENDING

    def check() -> None:
        _check_post(post)
        _check_validity(post)

    save_checked(post, check=check)
    related = _set_related(post, competences, sectors)
    audit_log(
        actor=actor,
        action="post.created",
        target=post,
        parent=organisation,
        changes={**model_snapshot(post, POST_AUDITED_FIELDS), **related},
    )
    if not selectors.board_settings().require_approval:
        _publish(post)
        audit_log(actor=actor, action="post.published", target=post, parent=organisation)
    return post


def may_manage_post(*, user: User, post: Post) -> bool:
    """The people of the posting organisation, while it is an active member, manage its post."""
    person = member_roles.member_person_of(user)
    return person is not None and person.organisation_id == post.organisation_id


def _check_manager(actor: User, post: Post) -> None:
    if not may_manage_post(user=actor, post=post):
        raise _refuse(_("Only the people of the posting organisation may do this."), "not_owner")


@transaction.atomic
def post_update(
    *,
    post: Post,
    actor: User,
    data: Mapping[str, Any],
    competences: Iterable[Competence] | None = None,
    sectors: Iterable[Sector] | None = None,
) -> Post:
    """Change a post of the actor's organisation.

    While the board needs approval, a published post whose content changes (anything but its
    validity date and contact person) goes back to the moderators as pending: they approved what
    it said, not what it says now. It keeps its first publication date, and the matching is not
    told of it again. An expired post given a new validity date returns to the board (or to
    approval). A hidden post stays hidden until the coordinator shows it again.
    """
    post = _lock(post)
    _check_manager(actor, post)
    if post.status not in OPEN_STATUSES:
        raise _refuse(_("A withdrawn or fulfilled post can no longer be changed."), "closed")
    before_content = model_snapshot(post, POST_CONTENT_FIELDS)
    before_related = {
        "competences": sorted(post.competences.values_list("pk", flat=True)),
        "sectors": sorted(post.sectors.values_list("pk", flat=True)),
    }
    needs_approval = selectors.board_settings().require_approval
    values = _clean_data({"kind": data.get("kind", post.kind), **data})

    def check() -> None:
        _check_post(post)
        if "valid_until" in data and post.valid_until != original_valid_until:
            _check_validity(post)

    original_valid_until = post.valid_until
    changes = audited_update(
        actor=actor,
        instance=post,
        data=values,
        fields=POST_AUDITED_FIELDS,
        audit_action="post.updated",
        parent=post.organisation,
        check=check,
        related=lambda: _set_related(post, competences, sectors),
    )
    content_changed = model_snapshot(post, POST_CONTENT_FIELDS) != before_content or (
        {
            "competences": sorted(post.competences.values_list("pk", flat=True)),
            "sectors": sorted(post.sectors.values_list("pk", flat=True)),
        }
        != before_related
    )
    if not changes:
        return post
    if post.status == Status.PUBLISHED and needs_approval and content_changed:
        post.status = Status.PENDING
        post.save(update_fields=["status", "updated_at"])
        audit_log(
            actor=actor, action="post.sent_for_approval", target=post, parent=post.organisation
        )
    elif post.status == Status.EXPIRED and post.valid_until >= timezone.localdate():
        post.closed_at = None
        if needs_approval:
            post.status = Status.PENDING
            post.save(update_fields=["status", "closed_at", "updated_at"])
            audit_log(
                actor=actor, action="post.sent_for_approval", target=post, parent=post.organisation
            )
        else:
            post.save(update_fields=["closed_at", "updated_at"])
            _publish(post)
            audit_log(actor=actor, action="post.published", target=post, parent=post.organisation)
    return post


@transaction.atomic
def post_approve(*, post: Post, actor: User) -> Post:
    """The coordinator publishes a pending post."""
    post = _lock(post)
    if not is_coordinator(actor):
        raise _refuse(_("Only the coordinator approves posts."), "not_coordinator")
    if post.status != Status.PENDING:
        raise _refuse(_("Only a post awaiting approval can be approved."), "not_pending")
    if post.valid_until < timezone.localdate():
        raise _refuse(_("The post's validity date has passed; it cannot be published."), "expired")
    _publish(post)
    audit_log(actor=actor, action="post.approved", target=post, parent=post.organisation)
    return post


@transaction.atomic
def post_hide(*, post: Post, actor: User, reason: str) -> Post:
    """The coordinator takes a post off the board, saying why; its organisation sees the reason."""
    post = _lock(post)
    if not is_coordinator(actor):
        raise _refuse(_("Only the coordinator hides posts."), "not_coordinator")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the post is hidden.")}, code="reason")
    if post.status not in (Status.PENDING, Status.PUBLISHED, Status.EXPIRED):
        raise _refuse(_("This post cannot be hidden in its present state."), "not_hideable")
    before = post.status
    post.status = Status.HIDDEN
    post.hidden_reason = reason[:300]
    # A hidden post has a date of publication, whether or not it was ever on the board.
    post.published_at = post.published_at or timezone.now()
    post.save(update_fields=["status", "hidden_reason", "published_at", "updated_at"])
    audit_log(
        actor=actor,
        action="post.hidden",
        target=post,
        parent=post.organisation,
        changes={"status": before, "reason": post.hidden_reason},
    )
    return post


@transaction.atomic
def post_unhide(*, post: Post, actor: User) -> Post:
    """The coordinator puts a hidden post back: on the board, or expired if its date has passed."""
    post = _lock(post)
    if not is_coordinator(actor):
        raise _refuse(_("Only the coordinator shows hidden posts again."), "not_coordinator")
    if post.status != Status.HIDDEN:
        raise _refuse(_("This post is not hidden."), "not_hidden")
    post.hidden_reason = ""
    if post.valid_until < timezone.localdate():
        post.status = Status.EXPIRED
        post.closed_at = timezone.now()
    else:
        post.status = Status.PUBLISHED
    post.save(update_fields=["status", "hidden_reason", "closed_at", "updated_at"])
    audit_log(
        actor=actor,
        action="post.unhidden",
        target=post,
        parent=post.organisation,
        changes={"status": post.status},
    )
    return post


def _close(post: Post, actor: User, status: str, *, audit_action: str, outcome: str = "") -> Post:
    post = _lock(post)
    _check_manager(actor, post)
    if post.status not in OPEN_STATUSES:
        raise _refuse(_("This post is already closed."), "closed")
    if post.is_joint_purchase and post.commitments.exists():
        # Closing it here would tell nobody who joined: purchase_close and purchase_cancel do.
        raise _refuse(
            _("Close or cancel the joint purchase on its page, so everyone who joined is told."),
            "purchase_has_commitments",
        )
    if status == Status.FULFILLED and post.status in (Status.PENDING, Status.HIDDEN):
        raise _refuse(_("Only a post that was on the board can be marked fulfilled."), "never_on")
    before = post.status
    post.status = status
    post.closed_at = timezone.now()
    post.published_at = post.published_at or post.closed_at
    if outcome:
        post.outcome = outcome.strip()
    post.save(update_fields=["status", "closed_at", "published_at", "outcome", "updated_at"])
    audit_log(
        actor=actor,
        action=audit_action,
        target=post,
        parent=post.organisation,
        changes={"status": [before, status], **({"outcome": post.outcome} if outcome else {})},
    )
    return post


@transaction.atomic
def post_withdraw(*, post: Post, actor: User) -> Post:
    """The posting organisation takes its post off the board for good."""
    return _close(post, actor, Status.WITHDRAWN, audit_action="post.withdrawn")


@transaction.atomic
def post_fulfil(*, post: Post, actor: User, outcome: str = "") -> Post:
    """The posting organisation found what it sought (or sold what it offered)."""
    return _close(post, actor, Status.FULFILLED, audit_action="post.fulfilled", outcome=outcome)


@transaction.atomic
def posts_expire(*, today: datetime.date | None = None) -> int:
    """Take published posts whose validity date has passed off the board; return how many."""
    today = today or timezone.localdate()
    due = list(
        Post.objects.select_for_update(skip_locked=True)
        .filter(status=Status.PUBLISHED, valid_until__lt=today)
        .select_related("organisation")
    )
    now = timezone.now()
    for post in due:
        post.status = Status.EXPIRED
        post.closed_at = now
        post.save(update_fields=["status", "closed_at", "updated_at"])
        audit_log(actor=None, action="post.expired", target=post, parent=post.organisation)
    return len(due)


@transaction.atomic
def board_settings_update(*, actor: User, data: Mapping[str, Any]) -> BoardSettings:
    """The coordinator changes the board's rules."""
    if not is_coordinator(actor):
        raise _refuse(_("Only the coordinator changes the board's rules."), "not_coordinator")
    BoardSettings.objects.get_or_create(pk=1)
    board = BoardSettings.objects.select_for_update().get(pk=1)
    audited_update(
        actor=actor,
        instance=board,
        data={
            name: data[name]
            for name in ("require_approval", "max_contacts_per_day")
            if name in data
        },
        fields=["require_approval", "max_contacts_per_day"],
        audit_action="board.settings_changed",
    )
    return board


@transaction.atomic
def post_attachment_add(
    *, post: Post, actor: User, upload: UploadedFile, title: str = ""
) -> PostAttachment:
    """Attach a PDF, image or office document to a post of the actor's organisation."""
    post = _lock(post)
    _check_manager(actor, post)
    if post.status not in OPEN_STATUSES:
        raise _refuse(_("A withdrawn or fulfilled post can no longer be changed."), "closed")
    if post.attachments.count() >= MAX_ATTACHMENTS_PER_POST:
        raise _refuse(
            _("A post may have at most %(count)s attachments.")
            % {"count": MAX_ATTACHMENTS_PER_POST},
            "too_many",
        )
    try:
        validate_document(upload, max_bytes=settings.ATTACHMENT_MAX_BYTES)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    attachment = PostAttachment(
        post=post,
        title=(title.strip() or upload.name or "")[:200],
        size=upload.size or 0,
    )
    attachment.file.save(upload.name or "attachment", upload, save=False)
    save_checked(attachment)
    audit_log(
        actor=actor,
        action="post.attachment_added",
        target=post,
        parent=post.organisation,
        changes={"attachment": attachment.title},
    )
    return attachment


@transaction.atomic
def post_attachment_remove(*, attachment: PostAttachment, actor: User) -> None:
    """Remove an attachment of a post of the actor's organisation; its file goes after commit."""
    post = _lock(attachment.post)
    _check_manager(actor, post)
    title, name = attachment.title, attachment.file.name
    attachment.delete()
    storage = attachment.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
    audit_log(
        actor=actor,
        action="post.attachment_removed",
        target=post,
        parent=post.organisation,
        changes={"attachment": title},
    )


# --- Contacts -----------------------------------------------------------------------------------

MESSAGE_MAX_LENGTH = 5000
# Messages a person may send a day in all their conversations: each is an e-mail to someone, so a
# runaway script or a flood stops here; people writing to each other never come near it.
MESSAGES_PER_DAY = 100


def _message_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a message.")}, code="required")
    if len(body) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {
                "body": _("A message may be at most %(count)s characters long.")
                % {"count": MESSAGE_MAX_LENGTH}
            },
            code="max_length",
        )
    return body


def _contact_notify(
    *, contact: Contact, message: ContactMessage, sender: Person, recipient: Person, first: bool
) -> None:
    """E-mail the other side in their language; their reply goes straight to the sender."""
    email_queue(
        to=recipient.email,
        template="cooperation_contact_message",
        language=recipient.language,
        context={
            "contact": contact,
            "post": contact.post,
            "message": message,
            "sender_name": sender.full_name,
            "sender_organisation": sender.organisation.name,
            "recipient_name": recipient.full_name,
            "first": first,
        },
        headers={"Reply-To": sender.email},
    )


def _check_writer(person: Person) -> None:
    if person.organisation.status != Organisation.Status.ACTIVE:
        raise _refuse(
            _("Only the people of an active member organisation may write here."), "not_member"
        )
    if selectors.messages_sent_today(person=person) >= MESSAGES_PER_DAY:
        raise _refuse(
            _(
                "You have sent as many messages today as the portal allows. "
                "Please try again tomorrow."
            ),
            "rate_limit",
        )


@transaction.atomic
def contact_start(*, post: Post, person: Person, actor: User, body: str) -> Contact:
    """Send the post's contact person a message from `person` ("I'm interested").

    The first message about a post starts a conversation (at most the board's
    `max_contacts_per_day` new ones a person a day); later ones are added to it.
    """
    body = _message_body(body)
    # The person's row is locked so that their contacts of the day are counted and added by one
    # transaction at a time.
    person = (
        Person.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=person.pk)
    )
    _check_writer(person)
    post = Post.objects.select_related("organisation", "contact_person").get(pk=post.pk)
    if post.organisation_id == person.organisation_id:
        raise _refuse(_("This is a post of your own organisation."), "own_post")
    if post.status != Status.PUBLISHED or post.valid_until < timezone.localdate():
        raise _refuse(_("This post is no longer on the board."), "not_on_board")
    contact = selectors.contact_of(post=post, person=person)
    first = contact is None
    if contact is None:
        limit = selectors.board_settings().max_contacts_per_day
        if selectors.contacts_started_today(person=person) >= limit:
            raise _refuse(
                ngettext(
                    "You can get in touch about at most %(count)d post a day. "
                    "Please try again tomorrow.",
                    "You can get in touch about at most %(count)d posts a day. "
                    "Please try again tomorrow.",
                    limit,
                )
                % {"count": limit},
                "rate_limit",
            )
        contact = Contact(post=post, organisation=person.organisation, person=person)
        save_checked(contact)
    message = ContactMessage.objects.create(contact=contact, author=person, body=body)
    contact.last_message_at = message.sent_at
    contact.save(update_fields=["last_message_at", "updated_at"])
    _contact_notify(
        contact=contact,
        message=message,
        sender=person,
        recipient=post.contact_person,
        first=first,
    )
    audit_log(
        actor=actor,
        action="contact.started" if first else "contact.message_sent",
        target=contact,
        parent=post,
    )
    return contact


@transaction.atomic
def contact_reply(*, contact: Contact, person: Person, actor: User, body: str) -> ContactMessage:
    """Add a message to a conversation and e-mail the other side, reply-to the writer."""
    body = _message_body(body)
    contact = (
        Contact.objects.select_for_update()
        .select_related("post", "post__contact_person", "person", "person__organisation")
        .get(pk=contact.pk)
    )
    person = (
        Person.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=person.pk)
    )
    _check_writer(person)
    side = selectors.contact_side_of(contact=contact, person=person)
    if not side:
        raise _refuse(_("Only the two sides of a conversation may write in it."), "not_a_side")
    recipient = contact.post.contact_person if side == selectors.INTERESTED else contact.person
    message = ContactMessage.objects.create(contact=contact, author=person, body=body)
    contact.last_message_at = message.sent_at
    contact.save(update_fields=["last_message_at", "updated_at"])
    _contact_notify(
        contact=contact, message=message, sender=person, recipient=recipient, first=False
    )
    audit_log(actor=actor, action="contact.message_sent", target=contact, parent=contact.post)
    return message


# --- Matching -----------------------------------------------------------------------------------


@transaction.atomic
def match_subscription_save(*, person: Person, actor: User, frequency: str) -> MatchSubscription:
    """Set how often `person` hears of new posts that fit their organisation.

    The first choice creates the subscription with the secret of its unsubscribe link.
    """
    if frequency not in MatchSubscription.Frequency.values:
        raise ValidationError({"frequency": _("Choose how often.")}, code="invalid")
    subscription = MatchSubscription.objects.select_for_update().filter(person=person).first()
    before = None
    if subscription is None:
        subscription = MatchSubscription(
            person=person, frequency=frequency, token=secrets.token_urlsafe(32)
        )
        save_checked(subscription)
    else:
        before = subscription.frequency
        if before == frequency:
            return subscription
        subscription.frequency = frequency
        subscription.save(update_fields=["frequency", "updated_at"])
    audit_log(
        actor=actor,
        action="match_subscription.changed",
        target=subscription,
        parent=person,
        changes={"frequency": [before, frequency]},
    )
    return subscription


@transaction.atomic
def match_subscription_unsubscribe(*, subscription: MatchSubscription) -> MatchSubscription:
    """Stop the matching's e-mails (the one-click link): the frequency becomes "never"."""
    subscription = MatchSubscription.objects.select_for_update().get(pk=subscription.pk)
    before = subscription.frequency
    if before == MatchSubscription.Frequency.NEVER:
        return subscription
    subscription.frequency = MatchSubscription.Frequency.NEVER
    subscription.save(update_fields=["frequency", "updated_at"])
    audit_log(
        actor=None,
        action="match_subscription.unsubscribed",
        target=subscription,
        changes={"frequency": [before, subscription.frequency]},
    )
    return subscription


# --- Joint purchases ----------------------------------------------------------------------------
#
# Every change to a joint purchase's commitments first locks the purchase's row, as closing it
# does: a commitment is never added after the organiser closed the purchase and told those who
# had joined. The unique constraint (one commitment per organisation) settles two people of one
# organisation joining at the same moment.

COMMITMENT_AUDITED_FIELDS = ["quantity", "note"]


def _purchase_lock(post: Post) -> Post:
    return Post.objects.select_for_update().select_related("organisation").get(pk=post.pk)


def _purchase_refuse_unless_open(post: Post) -> None:
    refusal = selectors.purchase_refusal(post)
    if refusal:
        raise ValidationError(refusal, code="purchase_closed")


def _committing_person(actor: User) -> Person:
    person = member_roles.member_person_of(actor)
    if person is None:
        raise _refuse(
            _("Only the people of an active member organisation may join a joint purchase."),
            "not_member",
        )
    return person


def _already_joined() -> ValidationError:
    return ValidationError(
        _("Your organisation has already joined this purchase. Change its quantity below instead."),
        code="already_joined",
    )


@transaction.atomic
def commitment_join(
    *, post: Post, actor: User, quantity: Decimal, note: str = ""
) -> PurchaseCommitment:
    """Commit the actor's organisation to a joint purchase with a quantity, before its deadline."""
    person = _committing_person(actor)
    post = _purchase_lock(post)
    _purchase_refuse_unless_open(post)
    commitment = PurchaseCommitment(
        post=post,
        organisation=person.organisation,
        person=person,
        quantity=quantity,
        note=note.strip(),
    )
    joined = PurchaseCommitment.objects.filter(post=post, organisation=person.organisation)
    if joined.exists():
        raise _already_joined()
    try:
        save_checked(commitment)
    except ValidationError as error:
        # A colleague's commitment that came first, caught by validation or by the constraint.
        if joined.exists():
            raise _already_joined() from error
        raise
    audit_log(
        actor=actor,
        action="purchase.joined",
        target=commitment,
        parent=post,
        changes=model_snapshot(commitment, ["organisation", *COMMITMENT_AUDITED_FIELDS]),
    )
    return commitment


def _check_commitment_owner(actor: User, commitment: PurchaseCommitment) -> Person:
    person = _committing_person(actor)
    if person.organisation_id != commitment.organisation_id:
        raise _refuse(
            _("Only the people of the committed organisation may change its commitment."),
            "not_owner",
        )
    return person


@transaction.atomic
def commitment_update(
    *, commitment: PurchaseCommitment, actor: User, quantity: Decimal, note: str = ""
) -> PurchaseCommitment:
    """Change an organisation's quantity (and note) before the deadline; the changer signs it."""
    person = _check_commitment_owner(actor, commitment)
    post = _purchase_lock(commitment.post)
    _purchase_refuse_unless_open(post)
    try:
        commitment = PurchaseCommitment.objects.get(pk=commitment.pk)
    except PurchaseCommitment.DoesNotExist as error:
        raise _refuse(
            _("Your organisation's commitment was withdrawn meanwhile; join again."), "withdrawn"
        ) from error
    audited_update(
        actor=actor,
        instance=commitment,
        data={"quantity": quantity, "note": note.strip(), "person": person},
        fields=COMMITMENT_AUDITED_FIELDS,
        audit_action="purchase.commitment_changed",
        parent=post,
    )
    return commitment


@transaction.atomic
def commitment_withdraw(*, commitment: PurchaseCommitment, actor: User) -> None:
    """Take the organisation's commitment back before the deadline."""
    _check_commitment_owner(actor, commitment)
    post = _purchase_lock(commitment.post)
    _purchase_refuse_unless_open(post)
    snapshot = model_snapshot(commitment, ["organisation", *COMMITMENT_AUDITED_FIELDS])
    deleted, _rows = PurchaseCommitment.objects.filter(pk=commitment.pk).delete()
    if not deleted:
        return
    audit_log(actor=actor, action="purchase.commitment_withdrawn", target=post, changes=snapshot)


def _purchase_finish(
    *, post: Post, actor: User, status: str, outcome: str, audit_action: str
) -> Post:
    """Close a joint purchase and queue the outcome to everyone who joined, in this transaction.

    The e-mails are outbox rows written with the change of status: a rolled-back close sends
    nothing, and a purchase already closed is refused, so nobody is told twice.
    """
    post = _purchase_lock(post)
    if not selectors.may_manage_purchase(user=actor, post=post):
        raise _refuse(
            _("Only the organising organisation's people and the coordinator may close it."),
            "not_organiser",
        )
    if post.closed_at is not None or post.status not in selectors.PURCHASE_CLOSABLE_STATUSES:
        raise _refuse(_("This joint purchase is already closed."), "already_closed")
    outcome = outcome.strip()
    if not outcome:
        raise ValidationError({"outcome": _("Describe the outcome for those who joined.")})
    before = post.status
    post.status = status
    post.outcome = outcome
    post.closed_at = timezone.now()
    post.save(update_fields=["status", "outcome", "closed_at", "updated_at"])
    commitments = list(selectors.purchase_commitments(post=post))
    for commitment in commitments:
        email_queue(
            to=commitment.person.email,
            template="cooperation_purchase_outcome",
            language=commitment.person.language,
            context={
                "post": post,
                "commitment": commitment,
                "fulfilled": status == Status.FULFILLED,
            },
        )
    audit_log(
        actor=actor,
        action=audit_action,
        target=post,
        parent=post.organisation,
        changes={"status": [before, status], "outcome": outcome, "told": len(commitments)},
    )
    return post


@transaction.atomic
def purchase_close(*, post: Post, actor: User, outcome: str) -> Post:
    """Close a joint purchase as done ("contract signed with X at price Y") and tell who joined."""
    return _purchase_finish(
        post=post,
        actor=actor,
        status=Status.FULFILLED,
        outcome=outcome,
        audit_action="purchase.closed",
    )


@transaction.atomic
def purchase_cancel(*, post: Post, actor: User, reason: str) -> Post:
    """Call a joint purchase off, saying why, and tell everyone who joined."""
    return _purchase_finish(
        post=post,
        actor=actor,
        status=Status.WITHDRAWN,
        outcome=reason,
        audit_action="purchase.cancelled",
    )
