"""Partners, and agreements brought to a given status through the services."""

import datetime

import factory
from django.utils import timezone

from agreements import services
from agreements.models import Agreement, AgreementParty, Partner

Signature = AgreementParty.Signature
Status = Agreement.Status


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Klaster Partnerski {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    kind = Partner.Kind.CLUSTER
    country = "PL"
    region = "śląskie"
    city = "Katowice"


def agreement_data(**fields):
    return {
        "kind": Agreement.Kind.COOPERATION,
        "title_pl": "Porozumienie o współpracy międzyklastrowej",
        "title_en": "Inter-cluster cooperation agreement",
        "reference_number": "",
        "language": "pl",
        "text": "§ 1. Strony współpracują.",
        "signed_place": "Jastrzębie-Zdrój",
        "signed_on": None,
        "valid_from": datetime.date(2015, 6, 17),
        "valid_until": None,
        "approving_resolution_reference": "",
        **fields,
    }


def make_agreement(*, status=Status.DRAFT, partners=None, areas=("communication",), **fields):
    """Build an agreement and bring it to `status` through the services, as a coordinator would."""
    partners = partners if partners is not None else [PartnerFactory()]
    agreement = services.agreement_create(
        actor=None, data=agreement_data(**fields), areas=areas, partners=partners
    )
    if status == Status.DRAFT:
        return agreement
    services.agreement_negotiation_start(agreement=agreement, actor=None)
    if status == Status.IN_NEGOTIATION:
        return _fresh(agreement)
    services.agreement_send_for_signature(agreement=agreement, actor=None)
    if status == Status.AWAITING_SIGNATURES:
        return _fresh(agreement)
    sign_every_party(agreement)
    if status == Status.IN_FORCE:
        return _fresh(agreement)
    if status == Status.TERMINATED:
        services.agreement_terminate(
            agreement=agreement, actor=None, on=timezone.localdate(), reason="Koniec."
        )
        return _fresh(agreement)
    raise ValueError(status)


def sign_every_party(agreement, on=None):
    on = on or datetime.date(2015, 6, 17)
    for number, party in enumerate(agreement.parties.order_by("order")):
        services.party_signature_record(
            party=party,
            actor=None,
            signature=Signature.SIGNED,
            on=on,
            signatory_name=f"Sygnatariusz {number}",
            signatory_position="Prezes",
        )


def _fresh(agreement):
    return Agreement.objects.get(pk=agreement.pk)
