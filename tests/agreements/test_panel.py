"""The coordinator records, negotiates, signs and ends agreements, and keeps the partner list."""

import datetime

import pytest
from django.urls import reverse

from agreements.models import Agreement, AgreementParty, Partner
from core.models import AuditEntry

from .factories import PartnerFactory, make_agreement

pytestmark = pytest.mark.django_db

Status = Agreement.Status


def _en(url):
    return url.replace("/pl/", "/en/", 1)


@pytest.fixture
def coordinator_client(client_for, coordinator):
    return client_for(coordinator)


def _agreement_form(**fields):
    return {
        "kind": "cooperation",
        "title_pl": "Porozumienie o współpracy międzyklastrowej",
        "title_en": "Inter-cluster cooperation agreement",
        "reference_number": "OKIP/2015/1",
        "language": "pl",
        "signed_place": "Jastrzębie-Zdrój",
        "signed_on": "2015-06-17",
        "valid_from": "2015-06-17",
        "valid_until": "",
        "approving_resolution_reference": "Uchwała nr 4/2015",
        "text": "§ 1. Strony współpracują.",
        "areas": ["communication", "research"],
        **fields,
    }


def test_a_coordinator_records_a_draft_with_partners_and_areas(
    coordinator_client, partners, coordinator
):
    response = coordinator_client.post(
        reverse("panel_agreements:agreement_create"),
        _agreement_form(partners=[partner.pk for partner in partners]),
    )

    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("panel_agreements:agreement_detail", args=[agreement.pk])
    assert agreement.status == Status.DRAFT
    assert agreement.parties.count() == 6
    assert sorted(agreement.areas.values_list("area", flat=True)) == ["communication", "research"]
    assert AuditEntry.objects.get(action="agreement.created").actor == coordinator


def test_an_end_before_the_start_is_refused_on_the_field_and_nothing_is_saved(coordinator_client):
    response = coordinator_client.post(
        _en(reverse("panel_agreements:agreement_create")),
        _agreement_form(valid_from="2020-01-01", valid_until="2019-12-31"),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["valid_until"] == [
        "The agreement cannot end before it takes effect."
    ]
    assert not Agreement.objects.exists()


def test_a_duplicate_reference_number_is_refused(coordinator_client):
    make_agreement(reference_number="OKIP/2015/1")

    response = coordinator_client.post(
        _en(reverse("panel_agreements:agreement_create")), _agreement_form()
    )

    assert "An agreement with this reference number exists." in response.content.decode()
    assert Agreement.objects.count() == 1


def test_editing_changes_terms_and_areas_and_logs_only_what_changed(coordinator_client):
    agreement = make_agreement(areas=["communication"])

    coordinator_client.post(
        reverse("panel_agreements:agreement_edit", args=[agreement.pk]),
        _agreement_form(reference_number="", areas=["promotion"], signed_place="Katowice"),
    )

    agreement.refresh_from_db()
    assert agreement.signed_place == "Katowice"
    assert list(agreement.areas.values_list("area", flat=True)) == ["promotion"]
    changes = AuditEntry.objects.get(action="agreement.updated").changes
    assert changes["signed_place"] == ["Jastrzębie-Zdrój", "Katowice"]
    assert changes["areas"] == [["communication"], ["promotion"]]


def test_the_text_is_frozen_once_sent_for_signature(coordinator_client):
    agreement = make_agreement(status=Status.AWAITING_SIGNATURES)

    response = coordinator_client.post(
        _en(reverse("panel_agreements:agreement_edit", args=[agreement.pk])),
        _agreement_form(reference_number="", text="Zmieniona treść."),
    )

    assert "The text can change only in draft or negotiation." in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.text == "§ 1. Strony współpracują."


def test_the_buttons_move_an_agreement_from_draft_to_signature_and_back(coordinator_client):
    agreement = make_agreement()

    coordinator_client.post(reverse("panel_agreements:agreement_negotiate", args=[agreement.pk]))
    assert Agreement.objects.get(pk=agreement.pk).status == Status.IN_NEGOTIATION
    coordinator_client.post(reverse("panel_agreements:agreement_send", args=[agreement.pk]))
    assert Agreement.objects.get(pk=agreement.pk).status == Status.AWAITING_SIGNATURES
    coordinator_client.post(reverse("panel_agreements:agreement_reopen", args=[agreement.pk]))
    assert Agreement.objects.get(pk=agreement.pk).status == Status.IN_NEGOTIATION


def test_a_refused_transition_shows_its_reason(coordinator_client):
    agreement = make_agreement(status=Status.IN_FORCE)

    response = coordinator_client.post(
        _en(reverse("panel_agreements:agreement_send", args=[agreement.pk])), follow=True
    )

    assert "can be sent for signature; this one is “in force”" in response.content.decode()


def test_recording_every_signature_brings_the_agreement_into_force(coordinator_client, partners):
    agreement = make_agreement(status=Status.AWAITING_SIGNATURES, partners=partners)

    for number, party in enumerate(agreement.parties.order_by("order")):
        response = coordinator_client.post(
            _en(reverse("panel_agreements:party_signature", args=[party.pk])),
            {
                "signatory_name": f"Osoba {number}",
                "signatory_position": "Prezes",
                "signature": "signed",
                "on": "2015-06-17",
            },
            follow=True,
        )

    assert "Every party has signed: the agreement is in force." in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == Status.IN_FORCE
    assert agreement.signed_on == datetime.date(2015, 6, 17)


def test_a_signature_without_a_date_is_refused_on_the_field(coordinator_client):
    agreement = make_agreement(status=Status.AWAITING_SIGNATURES)
    party = agreement.parties.first()

    response = coordinator_client.post(
        _en(reverse("panel_agreements:party_signature", args=[party.pk])),
        {"signatory_name": "Osoba", "signature": "signed", "on": ""},
    )

    assert response.context["form"].errors["on"] == ["Give the date of the signature."]
    party.refresh_from_db()
    assert party.signature == AgreementParty.Signature.PENDING


def test_the_signature_page_is_closed_before_sending_for_signature(coordinator_client):
    party = make_agreement().parties.first()

    response = coordinator_client.get(reverse("panel_agreements:party_signature", args=[party.pk]))

    assert response.status_code == 302


def test_partners_are_added_and_removed_while_the_text_is_open(coordinator_client):
    agreement = make_agreement(partners=[])
    partner = PartnerFactory(name="Nowy Partner")

    coordinator_client.post(
        reverse("panel_agreements:party_add", args=[agreement.pk]),
        {"partner": partner.pk, "signatory_name": "Jan Nowak", "signatory_position": "Prezes"},
    )
    party = agreement.parties.get(partner=partner)
    assert party.signatory_name == "Jan Nowak"

    coordinator_client.post(reverse("panel_agreements:party_remove", args=[party.pk]))
    assert not agreement.parties.filter(partner=partner).exists()


def test_the_cluster_itself_cannot_be_removed(coordinator_client):
    agreement = make_agreement()
    own = agreement.parties.get(partner__isnull=True)

    response = coordinator_client.post(
        _en(reverse("panel_agreements:party_remove", args=[own.pk])), follow=True
    )

    assert "The cluster itself is a party to every agreement." in response.content.decode()
    assert agreement.parties.filter(partner__isnull=True).exists()


def test_termination_needs_a_reason(coordinator_client):
    agreement = make_agreement(status=Status.IN_FORCE)
    url = _en(reverse("panel_agreements:agreement_terminate", args=[agreement.pk]))

    refused = coordinator_client.post(url, {"on": "2026-01-31", "reason": ""})
    coordinator_client.post(url, {"on": "2026-01-31", "reason": "Partner wystąpił."})

    assert "This field is required." in refused.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == Status.TERMINATED
    assert agreement.termination_reason == "Partner wystąpił."


def test_a_partner_is_recorded_with_its_country_and_translated_description(coordinator_client):
    response = coordinator_client.post(
        reverse("panel_agreements:partner_create"),
        {
            "name": "Grand Est Digital Cluster",
            "kind": "foreign_cluster",
            "country": "FR",
            "city": "Strasbourg",
            "website": "grandest.example",
            "description_pl": "Klaster cyfrowy.",
            "description_fr": "Un cluster numérique.",
        },
    )

    assert response.status_code == 302
    partner = Partner.objects.get()
    assert partner.country.code == "FR"
    assert partner.website == "https://grandest.example"
    assert partner.slug == "grand-est-digital-cluster"
    assert partner.description_fr == "Un cluster numérique."


def test_a_partner_name_is_unique_whatever_its_case(coordinator_client):
    PartnerFactory(name="Klaster for Africa")

    response = coordinator_client.post(
        _en(reverse("panel_agreements:partner_create")),
        {"name": "KLASTER FOR AFRICA", "kind": "cluster", "country": "PL", "city": "Katowice"},
    )

    assert "A partner with this name is already recorded." in response.content.decode()
    assert Partner.objects.count() == 1


def test_editing_a_partner_is_audited(coordinator_client):
    partner = PartnerFactory(city="Katowice")
    data = {"name": partner.name, "kind": "cluster", "country": "PL", "city": "Gliwice"}

    coordinator_client.post(reverse("panel_agreements:partner_edit", args=[partner.pk]), data)

    assert AuditEntry.objects.get(action="partner.updated").changes["city"] == [
        "Katowice",
        "Gliwice",
    ]


def test_the_detail_page_shows_the_history(coordinator_client):
    agreement = make_agreement(status=Status.IN_NEGOTIATION)

    page = coordinator_client.get(
        _en(reverse("panel_agreements:agreement_detail", args=[agreement.pk]))
    ).content.decode()

    assert "Agreement recorded" in page
    assert "Status changed" in page


def _agreements(count):
    for _number in range(count):
        make_agreement(
            status=Status.AWAITING_SIGNATURES, partners=[PartnerFactory(), PartnerFactory()]
        )


def test_the_agreement_list_runs_the_same_number_of_queries_for_10_and_200(
    coordinator_client, query_count
):
    url = reverse("panel_agreements:index")
    _agreements(10)
    few = query_count(lambda: coordinator_client.get(url))
    _agreements(190)

    many = query_count(lambda: coordinator_client.get(url))

    assert few == many


def test_the_partner_list_runs_the_same_number_of_queries_for_10_and_200(
    coordinator_client, query_count
):
    url = reverse("panel_agreements:partner_list")
    PartnerFactory.create_batch(10)
    few = query_count(lambda: coordinator_client.get(url))
    PartnerFactory.create_batch(190)

    many = query_count(lambda: coordinator_client.get(url))

    assert few == many


def _resolution(number, *, adopted):
    from resolutions.models import GoverningBody, Resolution

    body, _created = GoverningBody.objects.get_or_create(
        slug="rada",
        defaults={"name_pl": "Rada Klastra", "name_en": "Cluster Council", "electorate": "council"},
    )
    return Resolution.objects.create(
        body=body,
        number=number,
        year=2026,
        title_pl=f"W sprawie porozumienia {number}",
        title_en=f"On agreement {number}",
        content_pl="Zatwierdza się porozumienie.",
        status=Resolution.Status.CLOSED,
        outcome=Resolution.Outcome.ADOPTED if adopted else Resolution.Outcome.REJECTED,
    )


def test_the_approving_resolution_is_chosen_among_adopted_ones_and_shown_to_members(
    coordinator_client,
):
    adopted = _resolution(7, adopted=True)
    rejected = _resolution(8, adopted=False)
    agreement = make_agreement()
    url = _en(reverse("panel_agreements:agreement_edit", args=[agreement.pk]))

    choices = coordinator_client.get(url).context["form"].fields["approving_resolution"].queryset
    coordinator_client.post(
        url, _agreement_form(reference_number="", approving_resolution=adopted.pk)
    )

    assert list(choices) == [adopted]
    assert rejected not in choices
    agreement.refresh_from_db()
    assert agreement.approving_resolution == adopted
    page = coordinator_client.get(
        _en(reverse("partnerships:agreement", args=[agreement.pk]))
    ).content.decode()
    assert f'href="{adopted.get_absolute_url()}"' in page
