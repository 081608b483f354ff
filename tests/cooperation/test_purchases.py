"""Joint purchases: joining until the deadline, totals, exports, closing with the outcome told
to everyone who joined once, in their language, and who may see what."""

import csv
import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cooperation import selectors, services
from cooperation.models import Post, PurchaseCommitment
from core.models import AuditEntry, OutboundEmail
from tests.factories import PersonFactory, UserFactory, active_member

from .factories import JointPurchaseFactory, PurchaseCommitmentFactory

pytestmark = pytest.mark.django_db


def make_purchase(organisation, *, valid_until=None, status=Post.Status.PUBLISHED, **fields):
    """A joint purchase of `organisation`, published unless said otherwise."""
    values = {
        "title": "Wspólny zakup licencji CAD",
        "title_en": "Joint purchase of CAD licences",
        "valid_until": valid_until or selectors.cluster_today() + datetime.timedelta(days=7),
        "status": status,
        "published_at": None if status == Post.Status.PENDING else timezone.now(),
        **fields,
    }
    return JointPurchaseFactory(organisation=organisation, **values)


def member_user(organisation, *, language="pl", email=None):
    """A user working for `organisation`, speaking `language`."""
    user = UserFactory(email=email) if email else UserFactory()
    PersonFactory(organisation=organisation, user=user, email=user.email, language=language)
    return user


@pytest.fixture
def purchase(represented_organisation):
    return make_purchase(represented_organisation, purchase_target_quantity=Decimal("10"))


@pytest.fixture
def buyer(council_member):
    """A member's person from another organisation than the organiser."""
    return council_member


def join(post, user, quantity, note=""):
    return services.commitment_join(post=post, actor=user, quantity=Decimal(quantity), note=note)


# --- Joining and the deadline ---------------------------------------------------------------------


def test_members_join_and_the_total_is_an_exact_decimal_sum(purchase, buyer, employee):
    third = member_user(active_member(name="Trzecia Sp. z o.o.", slug="trzecia"))
    join(purchase, buyer, "0.1")
    join(purchase, employee, "0.2")  # the organiser's own organisation may commit too
    join(purchase, third, "2.255", note="Dostawa do Gdyni")

    total, participants = selectors.purchase_total(post=purchase)

    assert total == Decimal("2.555")
    assert isinstance(total, Decimal)
    assert participants == 3
    assert AuditEntry.objects.filter(action="purchase.joined").count() == 3


def test_an_empty_purchase_totals_zero(purchase):
    assert selectors.purchase_total(post=purchase) == (Decimal("0"), 0)


def test_joining_on_the_deadline_day_is_allowed_and_the_day_after_refused(
    represented_organisation, buyer
):
    today = selectors.cluster_today()
    on_the_day = make_purchase(represented_organisation, valid_until=today)
    past = make_purchase(represented_organisation, valid_until=today - datetime.timedelta(days=1))

    join(on_the_day, buyer, "5")
    with pytest.raises(ValidationError) as refused:
        join(past, buyer, "5")

    assert refused.value.code == "purchase_closed"
    assert "deadline" in refused.value.messages[0]
    assert not PurchaseCommitment.objects.filter(post=past).exists()


def test_the_deadline_day_is_the_cluster_s_whatever_time_zone_is_active():
    warsaw_today = timezone.localdate(timezone=ZoneInfo("Europe/Warsaw"))
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
        with timezone.override(ZoneInfo(zone)):
            assert selectors.cluster_today() == warsaw_today


def test_the_refusal_reads_the_deadline_as_a_whole_day(purchase):
    deadline = purchase.valid_until
    assert selectors.purchase_refusal(purchase, today=deadline) is None
    assert selectors.purchase_refusal(purchase, today=deadline + datetime.timedelta(days=1))


@pytest.mark.parametrize(
    "status", [Post.Status.PENDING, Post.Status.HIDDEN, Post.Status.EXPIRED, Post.Status.FULFILLED]
)
def test_a_purchase_not_on_the_board_takes_no_commitment(represented_organisation, buyer, status):
    post = make_purchase(represented_organisation, status=status)
    with pytest.raises(ValidationError):
        join(post, buyer, "1")
    assert not PurchaseCommitment.objects.exists()


def test_a_post_of_another_kind_takes_no_commitment(purchase, buyer):
    Post.objects.filter(pk=purchase.pk).update(kind=Post.Kind.OFFER)
    purchase.refresh_from_db()
    with pytest.raises(ValidationError):
        join(purchase, buyer, "1")


def test_people_outside_member_organisations_cannot_join(purchase, outsider, coordinator):
    for user in (outsider, coordinator):
        with pytest.raises(ValidationError) as refused:
            join(purchase, user, "1")
        assert refused.value.code == "not_member"


def test_a_second_person_of_the_same_organisation_is_told_and_nothing_is_lost(purchase, buyer):
    colleague = member_user(buyer.person.organisation)
    join(purchase, buyer, "3")

    with pytest.raises(ValidationError) as refused:
        join(purchase, colleague, "4")

    assert refused.value.code == "already_joined"
    assert "already joined" in refused.value.messages[0]
    commitment = PurchaseCommitment.objects.get(post=purchase)
    assert (commitment.quantity, commitment.person) == (Decimal("3"), buyer.person)


@pytest.mark.parametrize("quantity", ["0", "-1", "NaN", "Infinity", "1e309", "1" * 20, "0.0001"])
def test_the_service_refuses_quantities_the_column_cannot_hold(purchase, buyer, quantity):
    with pytest.raises(ValidationError):
        join(purchase, buyer, quantity)
    assert not PurchaseCommitment.objects.exists()


def test_a_colleague_changes_the_quantity_and_signs_it(purchase, buyer):
    colleague = member_user(buyer.person.organisation)
    commitment = join(purchase, buyer, "3")

    services.commitment_update(
        commitment=commitment, actor=colleague, quantity=Decimal("7.5"), note="Więcej"
    )

    commitment.refresh_from_db()
    assert (commitment.quantity, commitment.note) == (Decimal("7.5"), "Więcej")
    assert commitment.person == colleague.person
    entry = AuditEntry.objects.get(action="purchase.commitment_changed")
    assert Decimal(entry.changes["quantity"][0]) == Decimal("3")
    assert Decimal(entry.changes["quantity"][1]) == Decimal("7.5")
    assert entry.changes["note"] == ["", "Więcej"]


def test_another_organisation_cannot_change_or_withdraw_a_commitment(purchase, buyer, employee):
    commitment = join(purchase, buyer, "3")
    with pytest.raises(ValidationError):
        services.commitment_update(commitment=commitment, actor=employee, quantity=Decimal("1"))
    with pytest.raises(ValidationError):
        services.commitment_withdraw(commitment=commitment, actor=employee)
    assert PurchaseCommitment.objects.get().quantity == Decimal("3")


def test_withdrawing_removes_the_commitment_from_the_total(purchase, buyer, employee):
    join(purchase, employee, "2")
    commitment = join(purchase, buyer, "3")

    services.commitment_withdraw(commitment=commitment, actor=buyer)

    assert selectors.purchase_total(post=purchase) == (Decimal("2"), 1)
    assert AuditEntry.objects.filter(action="purchase.commitment_withdrawn").count() == 1


def test_after_the_deadline_a_commitment_can_be_neither_changed_nor_withdrawn(purchase, buyer):
    commitment = join(purchase, buyer, "3")
    Post.objects.filter(pk=purchase.pk).update(
        valid_until=selectors.cluster_today() - datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError):
        services.commitment_update(commitment=commitment, actor=buyer, quantity=Decimal("9"))
    with pytest.raises(ValidationError):
        services.commitment_withdraw(commitment=commitment, actor=buyer)
    assert PurchaseCommitment.objects.get().quantity == Decimal("3")


# --- Closing and the outcome -------------------------------------------------------------------


def _participants(purchase):
    germans = active_member(name="Deutsche GmbH", slug="deutsche")
    poles = active_member(name="Polska Sp. z o.o.", slug="polska")
    german = member_user(germans, language="de", email="kauf@deutsche.example")
    pole = member_user(poles, language="pl", email="zakupy@polska.example")
    join(purchase, german, "4")
    join(purchase, pole, "6")
    return german, pole


def test_closing_tells_everyone_who_joined_once_in_their_language(
    purchase, employee, django_capture_on_commit_callbacks
):
    german, pole = _participants(purchase)

    with django_capture_on_commit_callbacks(execute=True):
        services.purchase_close(
            post=purchase, actor=employee, outcome="Umowa z dostawcą X, cena Y."
        )

    purchase.refresh_from_db()
    assert purchase.status == Post.Status.FULFILLED
    assert purchase.closed_at is not None
    assert purchase.outcome == "Umowa z dostawcą X, cena Y."
    mails = {mail.to: mail for mail in OutboundEmail.objects.all()}
    assert set(mails) == {german.email, pole.email}
    assert mails[german.email].language == "de"
    assert mails[pole.email].language == "pl"
    assert 'lang="de"' in mails[german.email].body_html
    assert 'lang="pl"' in mails[pole.email].body_html
    for mail in mails.values():
        assert mail.template == "cooperation_purchase_outcome"
        assert "Umowa z dostawcą X, cena Y." in mail.body_text
    assert "4 szt." in mails[german.email].body_text
    assert "6 szt." in mails[pole.email].body_text

    with pytest.raises(ValidationError) as refused:
        services.purchase_close(post=purchase, actor=employee, outcome="Jeszcze raz")
    assert refused.value.code == "already_closed"
    with pytest.raises(ValidationError):
        services.purchase_cancel(post=purchase, actor=employee, reason="Jednak nie")
    assert OutboundEmail.objects.count() == 2
    purchase.refresh_from_db()
    assert purchase.outcome == "Umowa z dostawcą X, cena Y."


def test_after_closing_nobody_joins_or_changes(purchase, employee, buyer):
    commitment = join(purchase, buyer, "1")
    services.purchase_close(post=purchase, actor=employee, outcome="Umowa podpisana.")
    latecomer = member_user(active_member(name="Spóźniona", slug="spozniona"))
    with pytest.raises(ValidationError) as refused:
        join(purchase, latecomer, "1")
    assert "closed" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        services.commitment_update(commitment=commitment, actor=buyer, quantity=Decimal("2"))


def test_the_organiser_closes_after_the_deadline_too(purchase, employee, buyer):
    join(purchase, buyer, "1")
    Post.objects.filter(pk=purchase.pk).update(
        status=Post.Status.EXPIRED,
        valid_until=selectors.cluster_today() - datetime.timedelta(days=3),
    )
    purchase.refresh_from_db()

    services.purchase_close(post=purchase, actor=employee, outcome="Umowa podpisana.")

    assert OutboundEmail.objects.filter(to=buyer.email).count() == 1


def test_cancelling_tells_everyone_the_reason(purchase, coordinator):
    german, pole = _participants(purchase)

    services.purchase_cancel(post=purchase, actor=coordinator, reason="Dostawca się wycofał.")

    purchase.refresh_from_db()
    assert purchase.status == Post.Status.WITHDRAWN
    assert purchase.closed_at is not None
    assert sorted(OutboundEmail.objects.values_list("to", flat=True)) == sorted(
        [german.email, pole.email]
    )
    assert all("Dostawca się wycofał." in m.body_text for m in OutboundEmail.objects.all())
    assert AuditEntry.objects.filter(action="purchase.cancelled").count() == 1


def test_an_outcome_is_required(purchase, employee):
    with pytest.raises(ValidationError):
        services.purchase_close(post=purchase, actor=employee, outcome="   ")
    purchase.refresh_from_db()
    assert purchase.status == Post.Status.PUBLISHED


def test_only_the_organiser_s_people_and_the_coordinator_close(purchase, buyer, outsider):
    for user in (buyer, outsider):
        with pytest.raises(ValidationError):
            services.purchase_close(post=purchase, actor=user, outcome="Nie moje")
    purchase.refresh_from_db()
    assert purchase.closed_at is None


# --- Exports -------------------------------------------------------------------------------------


def test_the_csv_has_the_columns_and_polish_excel_numbers(purchase, buyer, employee, client):
    join(purchase, buyer, "2.5", note='=HYPERLINK("x")')
    client.force_login(employee)

    response = client.get(reverse("cooperation:purchase_csv", kwargs={"pk": purchase.pk}))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0] == [
        "Organisation",
        "NIP",
        "Committed by",
        "E-mail",
        "Quantity",
        "Unit",
        "Note",
        "Joined",
        "Last changed",
    ]
    row = rows[1]
    assert row[0] == buyer.person.organisation.name
    assert row[3] == buyer.email
    assert row[4] == "2,5"
    assert row[5] == "szt."
    assert row[6] == '\'=HYPERLINK("x")'  # no formula runs in the spreadsheet
    assert len(rows) == 2


def test_the_xlsx_opens_with_numbers_and_dates(purchase, buyer, employee, client):
    join(purchase, buyer, "2.125")
    join(purchase, employee, "1")
    client.force_login(employee)

    response = client.get(reverse("cooperation:purchase_xlsx", kwargs={"pk": purchase.pk}))

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][4] == "Quantity"
    assert [row[4] for row in rows[1:]] == [2.125, 1]
    assert isinstance(rows[1][7], datetime.datetime)


def test_the_panel_exports_every_purchase_with_its_total(
    purchase, represented_organisation, coordinator, client
):
    make_purchase(represented_organisation, title="Drugi zakup", title_en="Second purchase")
    PurchaseCommitmentFactory(post=purchase, quantity=Decimal("1.5"))
    PurchaseCommitmentFactory(post=purchase, quantity=Decimal("2"))
    client.force_login(coordinator)

    page = client.get(reverse("panel_cooperation:purchase_list"))
    csv_response = client.get(reverse("panel_cooperation:purchase_list_csv"))
    xlsx = client.get(reverse("panel_cooperation:purchase_list_xlsx"))

    assert page.status_code == 200
    assert "3.5" in page.content.decode() or "3,5" in page.content.decode()
    rows = list(
        csv.reader(io.StringIO(csv_response.content.decode().removeprefix("\ufeff")), delimiter=";")
    )
    by_title = {row[0]: row for row in rows[1:]}
    assert by_title["Joint purchase of CAD licences"][6] == "3,5"
    assert by_title["Joint purchase of CAD licences"][7] == "2"
    assert by_title["Second purchase"][6:8] == ["0", "0"]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 3


# --- Pages and who sees what -------------------------------------------------------------------


def test_only_the_organiser_s_people_and_the_coordinator_see_the_list(
    purchase, buyer, employee, representative, coordinator, outsider, client
):
    join(purchase, buyer, "1", note="Tajna notatka")
    url = reverse("cooperation:purchase_manage", kwargs={"pk": purchase.pk})
    for user in (employee, representative, coordinator):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert "Tajna notatka" in response.content.decode()
    for user, status in ((buyer, 404), (outsider, 403)):
        client.force_login(user)
        assert client.get(url).status_code == status
        csv_url = reverse("cooperation:purchase_csv", kwargs={"pk": purchase.pk})
        assert client.get(csv_url).status_code == status


def test_a_member_sees_its_own_commitment_and_not_the_others(purchase, buyer, employee, client):
    join(purchase, employee, "9", note="Notatka organizatora")
    join(purchase, buyer, "3")
    client.force_login(buyer)

    page = client.get(purchase.get_absolute_url()).content.decode()

    assert "Rada Sp. z o.o. has joined with 3" in page
    assert "Notatka organizatora" not in page
    assert "Reprezentowana Sp. z o.o. has joined" not in page
    assert reverse("cooperation:purchase_update", kwargs={"pk": purchase.pk}) in page
    assert reverse("cooperation:purchase_manage", kwargs={"pk": purchase.pk}) not in page


def test_a_member_joins_through_the_page(purchase, buyer, client):
    client.force_login(buyer)
    page = client.get(purchase.get_absolute_url()).content.decode()
    url = reverse("cooperation:purchase_join", kwargs={"pk": purchase.pk})
    assert url in page

    response = client.post(url, {"quantity": "12,5", "note": "Na marzec"})

    assert response.status_code == 302
    commitment = PurchaseCommitment.objects.get()
    assert (commitment.quantity, commitment.note) == (Decimal("12.5"), "Na marzec")


@pytest.mark.parametrize(
    "quantity", ["1e309", "NaN", "-5", "0", "12345678901234567890", "inf", "", "1,2,3", "0x10"]
)
def test_hostile_quantities_get_a_message_not_a_server_error(purchase, buyer, client, quantity):
    client.force_login(buyer)
    url = reverse("cooperation:purchase_join", kwargs={"pk": purchase.pk})

    response = client.post(url, {"quantity": quantity})

    assert response.status_code == 200
    assert 'id="id_quantity_error"' in response.content.decode()
    assert response.context["form"].errors["quantity"]
    assert not PurchaseCommitment.objects.exists()


def test_the_errors_are_translated(purchase, buyer, client):
    client.force_login(buyer)
    url = reverse("cooperation:purchase_join", kwargs={"pk": purchase.pk}).replace("/en/", "/pl/")

    response = client.post(url, {"quantity": "12345678901234567890"})

    assert response.status_code == 200
    assert "cyfr" in response.content.decode()  # Django's own message, in Polish


def test_a_late_join_through_the_page_says_why(represented_organisation, buyer, client):
    past = make_purchase(
        represented_organisation, valid_until=selectors.cluster_today() - datetime.timedelta(1)
    )
    client.force_login(buyer)

    response = client.post(
        reverse("cooperation:purchase_join", kwargs={"pk": past.pk}), {"quantity": "1"}
    )

    assert response.status_code == 200
    assert "deadline" in response.content.decode()
    assert not PurchaseCommitment.objects.exists()


def test_a_hidden_purchase_is_not_there_for_members(represented_organisation, buyer, client):
    hidden = make_purchase(represented_organisation, status=Post.Status.HIDDEN)
    client.force_login(buyer)
    response = client.post(
        reverse("cooperation:purchase_join", kwargs={"pk": hidden.pk}), {"quantity": "1"}
    )
    assert response.status_code == 404


def test_the_organiser_closes_through_the_page(purchase, buyer, employee, client):
    join(purchase, buyer, "1")
    client.force_login(employee)
    url = reverse("cooperation:purchase_close", kwargs={"pk": purchase.pk})

    empty = client.post(url, {"outcome": ""})
    done = client.post(url, {"outcome": "Umowa z X."})
    again = client.post(url, {"outcome": "Umowa z X."}, follow=True)

    assert empty.status_code == 200
    assert done.status_code == 302
    assert "already closed" in again.content.decode()
    assert OutboundEmail.objects.filter(template="cooperation_purchase_outcome").count() == 1


def test_the_coordinator_closes_from_the_panel(purchase, buyer, coordinator, client):
    join(purchase, buyer, "1")
    client.force_login(coordinator)
    page = client.get(reverse("panel_cooperation:purchase_detail", kwargs={"pk": purchase.pk}))
    assert page.status_code == 200

    response = client.post(
        reverse("cooperation:purchase_cancel", kwargs={"pk": purchase.pk}),
        {"reason": "Brak chętnych.", "next": "panel"},
    )

    assert response["Location"] == reverse(
        "panel_cooperation:purchase_detail", kwargs={"pk": purchase.pk}
    )
    purchase.refresh_from_db()
    assert purchase.status == Post.Status.WITHDRAWN


def test_my_purchases_lists_the_organisation_s_purchases(purchase, buyer, employee, client):
    join(purchase, buyer, "4")
    client.force_login(employee)
    page = client.get(reverse("cooperation:my_purchases")).content.decode()
    assert reverse("cooperation:purchase_manage", kwargs={"pk": purchase.pk}) in page
    assert ">4 szt.<" in page.replace("\n", "")


def test_my_purchases_shows_what_the_organisation_joined_and_the_outcome(
    purchase, buyer, employee, client
):
    join(purchase, buyer, "4")
    services.purchase_close(post=purchase, actor=employee, outcome="Umowa z dostawcą X.")
    client.force_login(buyer)

    page = client.get(reverse("cooperation:my_purchases")).content.decode()

    assert "Joint purchase of CAD licences" in page
    assert "Umowa z dostawcą X." in page
    assert reverse("cooperation:purchase_manage", kwargs={"pk": purchase.pk}) not in page
    mail = OutboundEmail.objects.get(to=buyer.email)
    assert reverse("cooperation:my_purchases").replace("/en/", "/pl/") in mail.body_text


def test_withdrawing_through_the_page(purchase, buyer, client):
    join(purchase, buyer, "4")
    client.force_login(buyer)
    response = client.post(reverse("cooperation:purchase_withdraw", kwargs={"pk": purchase.pk}))
    assert response.status_code == 302
    assert not PurchaseCommitment.objects.exists()


def test_the_organisation_s_posts_send_a_joint_purchase_to_its_outcome_page(
    purchase, employee, client
):
    client.force_login(employee)

    page = client.get(reverse("cooperation:my_posts")).content.decode()

    assert reverse("cooperation:purchase_manage", kwargs={"pk": purchase.pk}) in page
    assert reverse("cooperation:fulfil", kwargs={"pk": purchase.pk}) not in page
    assert reverse("cooperation:my_purchases") in page


# --- The board's own closing and the figures ------------------------------------------------------


def test_the_board_cannot_close_a_joined_purchase_without_telling_those_who_joined(
    purchase, buyer, employee
):
    join(purchase, buyer, "3")

    for close in (services.post_fulfil, services.post_withdraw):
        with pytest.raises(ValidationError) as refused:
            close(post=purchase, actor=employee)
        assert refused.value.code == "purchase_has_commitments"
    purchase.refresh_from_db()
    assert purchase.status == Post.Status.PUBLISHED
    assert not OutboundEmail.objects.filter(template__startswith="cooperation_purchase").exists()


def test_a_purchase_nobody_joined_is_withdrawn_like_any_post(purchase, employee):
    services.post_withdraw(post=purchase, actor=employee)

    purchase.refresh_from_db()
    assert purchase.status == Post.Status.WITHDRAWN


def test_the_board_figures_count_the_purchases_each_member_joined(
    purchase, buyer, represented_organisation
):
    join(purchase, buyer, "3")
    today = selectors.cluster_today()

    rows = {row["organisation"]: row for row in selectors.board_figures(start=today, end=today)}

    assert rows[buyer.person.organisation.name]["purchases_joined"] == 1
    assert rows[represented_organisation.name]["purchases_joined"] == 0


def test_quantities_are_shown_without_trailing_zeros_in_the_readers_format(purchase, buyer):
    from django.utils import translation

    from cooperation.templatetags.cooperation_purchases import quantity

    with translation.override("pl"):
        assert quantity(Decimal("37.500")) == "37,5"
        assert quantity(Decimal("1200.000")) == "1\xa0200"
    with translation.override("en"):
        assert quantity(Decimal("37.500")) == "37.5"
    assert quantity(None) == ""
