"""The board's services: who may post and change what, approval, hiding, closing, expiry."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cooperation import matching, services
from cooperation.models import Post, PostAttachment
from core.models import AuditEntry
from tests.agreements.pdfs import minimal_pdf
from tests.factories import PersonFactory, UserFactory

from .factories import PostFactory, colleague_of, post_data, require_approval

pytestmark = pytest.mark.django_db
Status = Post.Status


@pytest.fixture
def published(monkeypatch):
    """Record the posts the matching is told of."""
    told = []
    monkeypatch.setattr(matching, "post_published", lambda *, post: told.append(post.pk))
    return told


def _create(user, organisation, **fields):
    return services.post_create(
        actor=user,
        organisation=organisation,
        data=post_data(organisation.primary_representative, **fields),
    )


def _actions(post):
    return list(
        AuditEntry.objects.filter(target_id=str(post.pk), action__startswith="post.")
        .order_by("id")
        .values_list("action", flat=True)
    )


# --- Creating -----------------------------------------------------------------------------------


def test_a_post_is_published_at_once_when_no_approval_is_needed(
    representative, represented_organisation, published
):
    post = _create(representative, represented_organisation)
    assert post.status == Status.PUBLISHED
    assert post.published_at is not None
    assert post.author == representative.person
    assert published == [post.pk]
    assert _actions(post) == ["post.created", "post.published"]


def test_an_employee_posts_for_their_organisation(employee, represented_organisation, published):
    post = _create(employee, represented_organisation)
    assert post.organisation == represented_organisation
    assert post.author == employee.person


def test_a_post_waits_for_approval_when_the_coordinator_requires_it(
    representative, represented_organisation, coordinator, published
):
    require_approval()
    post = _create(representative, represented_organisation)
    assert post.status == Status.PENDING
    assert post.published_at is None
    assert published == []

    services.post_approve(post=post, actor=coordinator)
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED
    assert post.published_at is not None
    assert published == [post.pk]
    assert "post.approved" in _actions(post)


def test_nobody_outside_the_organisation_posts_for_it(
    outsider, council_member, coordinator, represented_organisation
):
    for user in (outsider, council_member, coordinator):
        with pytest.raises(ValidationError):
            _create(user, represented_organisation)
    assert not Post.objects.exists()


def test_a_suspended_members_people_cannot_post(representative, represented_organisation):
    represented_organisation.status = "suspended"
    represented_organisation.save()
    with pytest.raises(ValidationError):
        _create(representative, represented_organisation)


def test_the_contact_person_must_work_for_the_organisation(
    representative, represented_organisation, other_organisation
):
    with pytest.raises(ValidationError) as error:
        services.post_create(
            actor=representative,
            organisation=represented_organisation,
            data=post_data(other_organisation.primary_representative),
        )
    assert "contact_person" in error.value.error_dict


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"valid_until": timezone.localdate() - timedelta(days=1)}, "valid_until"),
        ({"languages": ["pl", "klingon"]}, "languages"),
        ({"title_pl": ""}, "title_pl"),
    ],
)
def test_invalid_values_are_refused_on_their_field(
    representative, represented_organisation, fields, field
):
    with pytest.raises(ValidationError) as error:
        _create(representative, represented_organisation, **fields)
    assert field in error.value.error_dict
    assert not Post.objects.exists()


def test_a_call_for_partners_names_its_call_and_a_joint_purchase_its_unit(
    representative, represented_organisation
):
    with pytest.raises(ValidationError):
        _create(representative, represented_organisation, kind=Post.Kind.CALL_FOR_PARTNERS)
    with pytest.raises(ValidationError):
        _create(representative, represented_organisation, kind=Post.Kind.JOINT_PURCHASE)
    call = _create(
        representative,
        represented_organisation,
        kind=Post.Kind.CALL_FOR_PARTNERS,
        funding_call="FENG 2.1 Ścieżka SMART",
    )
    assert call.funding_call == "FENG 2.1 Ścieżka SMART"


def test_fields_of_another_kind_are_not_kept(representative, represented_organisation):
    post = _create(
        representative,
        represented_organisation,
        kind=Post.Kind.OFFER,
        funding_call="Horizon Europe",
        purchase_unit="MWh",
    )
    assert (post.funding_call, post.purchase_unit) == ("", "")


def test_a_form_cannot_set_the_status(representative, represented_organisation):
    with pytest.raises(ValueError):
        _create(representative, represented_organisation, status=Status.PUBLISHED)


# --- Changing -----------------------------------------------------------------------------------


def test_a_colleague_changes_the_post_and_the_change_is_audited(
    representative, employee, represented_organisation
):
    post = _create(representative, represented_organisation)
    services.post_update(post=post, actor=employee, data={"title_pl": "Nowy tytuł"})
    post.refresh_from_db()
    assert post.title_pl == "Nowy tytuł"
    entry = AuditEntry.objects.get(action="post.updated", target_id=str(post.pk))
    assert entry.changes["title_pl"] == ["Obróbka CNC", "Nowy tytuł"]


def test_another_organisation_cannot_change_a_post(
    representative, represented_organisation, council_member
):
    post = _create(representative, represented_organisation)
    with pytest.raises(ValidationError):
        services.post_update(post=post, actor=council_member, data={"title_pl": "Przejęty"})
    post.refresh_from_db()
    assert post.title_pl == "Obróbka CNC"


def test_changed_content_goes_back_for_approval_when_it_is_required(
    representative, represented_organisation, published
):
    post = _create(representative, represented_organisation)
    require_approval()
    services.post_update(
        post=post,
        actor=representative,
        data={"valid_until": timezone.localdate() + timedelta(days=60)},
    )
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED  # a later date alone needs no new look

    services.post_update(post=post, actor=representative, data={"description_pl": "Inaczej."})
    post.refresh_from_db()
    assert post.status == Status.PENDING
    assert post.published_at is not None  # its first publication is kept
    assert published == [post.pk]  # and the matching is not told twice


def test_an_expired_post_given_a_new_date_returns_to_the_board(
    representative, represented_organisation
):
    post = PostFactory(
        organisation=represented_organisation,
        status=Status.EXPIRED,
        valid_until=timezone.localdate() - timedelta(days=2),
    )
    services.post_update(
        post=post,
        actor=representative,
        data={"valid_until": timezone.localdate() + timedelta(days=10)},
    )
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED


def test_a_closed_post_cannot_be_changed(representative, represented_organisation):
    post = PostFactory(organisation=represented_organisation, status=Status.WITHDRAWN)
    with pytest.raises(ValidationError):
        services.post_update(post=post, actor=representative, data={"title_pl": "Znowu"})


# --- Moderation ---------------------------------------------------------------------------------


def test_the_coordinator_hides_with_a_reason_and_shows_again(coordinator, representative):
    post = PostFactory()
    with pytest.raises(ValidationError):
        services.post_hide(post=post, actor=coordinator, reason="  ")
    with pytest.raises(ValidationError):
        services.post_hide(post=post, actor=representative, reason="Spam")

    services.post_hide(post=post, actor=coordinator, reason="Reklama spoza klastra")
    post.refresh_from_db()
    assert (post.status, post.hidden_reason) == (Status.HIDDEN, "Reklama spoza klastra")

    services.post_unhide(post=post, actor=coordinator)
    post.refresh_from_db()
    assert (post.status, post.hidden_reason) == (Status.PUBLISHED, "")
    assert _actions(post) == ["post.hidden", "post.unhidden"]


def test_a_hidden_post_past_its_date_comes_back_expired(coordinator):
    post = PostFactory(status=Status.HIDDEN, valid_until=timezone.localdate() - timedelta(days=1))
    services.post_unhide(post=post, actor=coordinator)
    post.refresh_from_db()
    assert post.status == Status.EXPIRED


def test_only_a_pending_post_still_valid_is_approved(coordinator):
    with pytest.raises(ValidationError):
        services.post_approve(post=PostFactory(), actor=coordinator)
    late = PostFactory(
        status=Status.PENDING,
        published_at=None,
        valid_until=timezone.localdate() - timedelta(days=1),
    )
    with pytest.raises(ValidationError):
        services.post_approve(post=late, actor=coordinator)


def test_only_the_coordinator_approves(representative, represented_organisation):
    post = PostFactory(
        organisation=represented_organisation, status=Status.PENDING, published_at=None
    )
    with pytest.raises(ValidationError):
        services.post_approve(post=post, actor=representative)


def test_only_the_coordinator_changes_the_board_settings(coordinator, representative):
    with pytest.raises(ValidationError):
        services.board_settings_update(actor=representative, data={"require_approval": True})
    board = services.board_settings_update(
        actor=coordinator, data={"require_approval": True, "max_contacts_per_day": 5}
    )
    assert (board.require_approval, board.max_contacts_per_day) == (True, 5)
    assert AuditEntry.objects.filter(action="board.settings_changed").count() == 1


# --- Closing and expiry -------------------------------------------------------------------------


def test_the_organisation_withdraws_and_fulfils_its_posts(
    representative, employee, represented_organisation
):
    withdrawn = PostFactory(organisation=represented_organisation)
    services.post_withdraw(post=withdrawn, actor=employee)
    withdrawn.refresh_from_db()
    assert withdrawn.status == Status.WITHDRAWN
    assert withdrawn.closed_at is not None

    fulfilled = PostFactory(organisation=represented_organisation)
    services.post_fulfil(post=fulfilled, actor=representative, outcome="Umowa z ELPOM.")
    fulfilled.refresh_from_db()
    assert (fulfilled.status, fulfilled.outcome) == (Status.FULFILLED, "Umowa z ELPOM.")

    with pytest.raises(ValidationError):
        services.post_withdraw(post=fulfilled, actor=representative)


def test_another_organisation_cannot_close_a_post(council_member):
    post = PostFactory()
    for close in (services.post_withdraw, services.post_fulfil):
        with pytest.raises(ValidationError):
            close(post=post, actor=council_member)
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED


def test_a_post_never_on_the_board_cannot_be_fulfilled(representative, represented_organisation):
    post = PostFactory(
        organisation=represented_organisation, status=Status.PENDING, published_at=None
    )
    with pytest.raises(ValidationError):
        services.post_fulfil(post=post, actor=representative)


def test_expiry_takes_only_published_posts_past_their_date(db):
    today = timezone.localdate()
    past = PostFactory(valid_until=today - timedelta(days=1))
    last_day = PostFactory(valid_until=today)
    pending = PostFactory(
        valid_until=today - timedelta(days=1), status=Status.PENDING, published_at=None
    )
    hidden = PostFactory(valid_until=today - timedelta(days=1), status=Status.HIDDEN)

    assert services.posts_expire() == 1
    assert services.posts_expire() == 0  # a second run finds nothing
    statuses = dict(Post.objects.values_list("pk", "status"))
    assert statuses == {
        past.pk: Status.EXPIRED,
        last_day.pk: Status.PUBLISHED,
        pending.pk: Status.PENDING,
        hidden.pk: Status.HIDDEN,
    }
    assert _actions(past) == ["post.expired"]


def test_the_expiry_task_runs_the_service(db):
    from cooperation.tasks import posts_expire

    post = PostFactory(valid_until=timezone.localdate() - timedelta(days=3))
    assert posts_expire.delay().get() == 1
    post.refresh_from_db()
    assert post.status == Status.EXPIRED


def test_the_expiry_is_in_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "cooperation.tasks.posts_expire" in tasks


# --- Attachments --------------------------------------------------------------------------------


def test_a_pdf_is_attached_and_removed(representative, represented_organisation):
    post = PostFactory(organisation=represented_organisation)
    attachment = services.post_attachment_add(
        post=post,
        actor=representative,
        upload=SimpleUploadedFile("oferta.pdf", minimal_pdf(), content_type="application/pdf"),
        title="Oferta",
    )
    assert attachment.size > 0
    assert attachment.file.storage.exists(attachment.file.name)
    name, storage = attachment.file.name, attachment.file.storage
    services.post_attachment_remove(attachment=attachment, actor=representative)
    assert not PostAttachment.objects.exists()
    assert "post.attachment_removed" in _actions(post)
    # The file goes once the transaction commits (the test's transaction never does).
    assert name and storage is not None


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("oferta.pdf", b"<html><script>alert(1)</script></html>"),
        ("oferta.png", minimal_pdf()),
        ("oferta.exe", b"MZ\x90\x00"),
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused(
    representative, represented_organisation, name, content
):
    post = PostFactory(organisation=represented_organisation)
    with pytest.raises(ValidationError) as error:
        services.post_attachment_add(
            post=post, actor=representative, upload=SimpleUploadedFile(name, content)
        )
    assert "file" in error.value.error_dict
    assert not PostAttachment.objects.exists()


def test_a_file_over_the_limit_is_refused(representative, represented_organisation, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    post = PostFactory(organisation=represented_organisation)
    with pytest.raises(ValidationError):
        services.post_attachment_add(
            post=post,
            actor=representative,
            upload=SimpleUploadedFile("oferta.pdf", minimal_pdf(padding=500)),
        )


def test_another_organisation_cannot_attach(council_member):
    post = PostFactory()
    with pytest.raises(ValidationError):
        services.post_attachment_add(
            post=post,
            actor=council_member,
            upload=SimpleUploadedFile("oferta.pdf", minimal_pdf()),
        )


def test_a_person_without_an_account_is_a_fine_contact(representative, represented_organisation):
    colleague = colleague_of(represented_organisation, position="Kierownik produkcji")
    post = services.post_create(
        actor=representative, organisation=represented_organisation, data=post_data(colleague)
    )
    assert post.contact_person == colleague


def test_an_account_without_a_person_never_posts(db, represented_organisation):
    user = UserFactory(email="nobody@example.com")
    PersonFactory(email="x@example.com")  # someone else's person, not this user's
    with pytest.raises(ValidationError):
        _create(user, represented_organisation)
