"""Demo partners and agreements, built through the services so statuses and the audit log are real.

The inter-cluster agreement follows the one signed in Jastrzębie-Zdrój on 17 June 2015 between an
umbrella cluster organisation and five clusters of Upper Silesia; in the demo the portal's own
cluster plays the umbrella. Cities of the five clusters, people's names and the foreign partners are
illustrative.
"""

import datetime

from django.utils import timezone

from . import services
from .models import Agreement, AgreementParty, CooperationArea, Partner

Kind = Partner.Kind
Signature = AgreementParty.Signature

OKIP_REFERENCE = "OKIP/2015/1"
ROAMING_REFERENCE = "BRA/2019/3"
MEMORANDUM_REFERENCE = "MoU/2026/FR-1"

PARTNERS = [
    {
        "key": "jki",
        "name": "Jastrzębski Klaster Innowacji",
        "short_name": "JKI",
        "kind": Kind.CLUSTER,
        "country": "PL",
        "region": "śląskie",
        "city": "Jastrzębie-Zdrój",
        "description_pl": (
            "Klaster przedsiębiorstw, uczelni i instytucji otoczenia biznesu z Jastrzębia-Zdroju, "
            "od początku współpracujący z organizacją parasolową."
        ),
        "description_en": (
            "A cluster of companies, universities and business-support bodies from "
            "Jastrzębie-Zdrój that has worked with the umbrella organisation from its start."
        ),
    },
    {
        "key": "pikmed",
        "name": "Polski Innowacyjny Klaster Medyczny PIKMED",
        "short_name": "PIKMED",
        "kind": Kind.CLUSTER,
        "country": "PL",
        "region": "śląskie",
        "city": "Katowice",
        "description_pl": "Klaster firm i placówek medycznych oraz producentów sprzętu medycznego.",
        "description_en": "A cluster of medical companies, clinics and makers of medical devices.",
    },
    {
        "key": "klaster-innowacyjne-regiony",
        "name": "Klaster Innowacyjne Regiony",
        "short_name": "",
        "kind": Kind.CLUSTER,
        "country": "PL",
        "region": "śląskie",
        "city": "Rybnik",
        "description_pl": "Klaster wspierający innowacje w samorządach i firmach regionu.",
        "description_en": "A cluster that supports innovation in local government and firms.",
    },
    {
        "key": "polski-klaster-weterynaryjny",
        "name": "Polski Klaster Weterynaryjny",
        "short_name": "",
        "kind": Kind.CLUSTER,
        "country": "PL",
        "region": "śląskie",
        "city": "Gliwice",
        "description_pl": "Klaster lekarzy weterynarii, laboratoriów i dostawców dla weterynarii.",
        "description_en": "A cluster of veterinarians, laboratories and veterinary suppliers.",
    },
    {
        "key": "klaster-for-africa",
        "name": "Klaster for Africa",
        "short_name": "",
        "kind": Kind.CLUSTER,
        "country": "PL",
        "region": "śląskie",
        "city": "Katowice",
        "description_pl": "Klaster firm, które wspólnie wchodzą na rynki afrykańskie.",
        "description_en": "A cluster of companies entering African markets together.",
    },
    {
        "key": "baltic-tech-cluster",
        "name": "Baltic Tech Cluster",
        "short_name": "",
        "kind": Kind.FOREIGN_CLUSTER,
        "country": "LT",
        "region": "Vilnius County",
        "city": "Vilnius",
        "description_en": "An ICT cluster of Lithuanian software and electronics companies.",
    },
    {
        "key": "saxony-innovation-cluster",
        "name": "Saxony Innovation Cluster",
        "short_name": "",
        "kind": Kind.FOREIGN_CLUSTER,
        "country": "DE",
        "region": "Sachsen",
        "city": "Dresden",
        "description_en": "A cluster of microelectronics and software firms in Saxony.",
    },
    {
        "key": "moravian-ict-cluster",
        "name": "Moravian ICT Cluster",
        "short_name": "",
        "kind": Kind.FOREIGN_CLUSTER,
        "country": "CZ",
        "region": "Jihomoravský kraj",
        "city": "Brno",
        "description_en": "An association of ICT companies and universities in South Moravia.",
    },
    {
        "key": "grand-est-digital",
        "name": "Grand Est Digital Cluster",
        "short_name": "",
        "kind": Kind.FOREIGN_CLUSTER,
        "country": "FR",
        "region": "Grand Est",
        "city": "Strasbourg",
        "description_en": "A digital-industry cluster of the Grand Est region.",
    },
]

OKIP_TEXT = "\n\n".join(
    [
        "§ 1. Strony porozumienia deklarują współpracę międzyklastrową w celu realizacji zadań "
        "każdego z klastrów oraz umożliwienia podmiotom w nich zrzeszonym nawiązania współpracy "
        "gospodarczej i naukowo-badawczej.",
        "§ 2. Współpraca polega w szczególności na ułatwieniu komunikacji między podmiotami "
        "zrzeszonymi w klastrach, wspólnej realizacji projektów, poprawie konkurencyjności oraz "
        "tworzeniu wspólnych ofert.",
        "§ 3. Strony wspomagają działalność badawczą i naukową, wymieniają doświadczenia "
        "i informacje, także ze środowiskiem naukowym, w celu transferu wiedzy i technologii, "
        "oraz prowadzą wspólne badania.",
        "§ 4. Strony organizują szkolenia, seminaria, staże i konferencje oraz wzajemnie się "
        "promują, w szczególności zamieszczając informacje o współpracy na swoich stronach "
        "internetowych i w materiałach promocyjnych.",
        "§ 5. Strony spotykają się, aby na bieżąco określać ramy i szczegóły współpracy.",
    ]
)


def _partners():
    partners = {}
    for fields in PARTNERS:
        fields = dict(fields)
        key = fields.pop("key")
        partner = Partner.objects.filter(name__iexact=fields["name"]).first()
        partners[key] = partner or services.partner_create(actor=None, data=fields)
    return partners


def _sign_all(agreement, signatories, on):
    """Send for signature and record each party's signature, in party order."""
    services.agreement_send_for_signature(agreement=agreement, actor=None, on=on)
    for party, (name, position) in zip(
        agreement.parties.order_by("order"), signatories, strict=True
    ):
        services.party_signature_record(
            party=party,
            actor=None,
            signature=Signature.SIGNED,
            on=on,
            signatory_name=name,
            signatory_position=position,
        )


def _okip(partners):
    agreement = services.agreement_create(
        actor=None,
        data={
            "kind": Agreement.Kind.COOPERATION,
            "title_pl": "Porozumienie o współpracy międzyklastrowej",
            "title_en": "Inter-cluster cooperation agreement",
            "title_de": "Vereinbarung über die Zusammenarbeit zwischen Clustern",
            "title_fr": "Accord de coopération entre clusters",
            "title_ru": "Соглашение о межкластерном сотрудничестве",
            "reference_number": OKIP_REFERENCE,
            "language": "pl",
            "text": OKIP_TEXT,
            "signed_place": "Jastrzębie-Zdrój",
            "signed_on": datetime.date(2015, 6, 17),
            "valid_from": datetime.date(2015, 6, 17),
            "valid_until": None,
            "approving_resolution_reference": "Uchwała nr 4/2015 Rady Klastra z 3 czerwca 2015 r.",
        },
        areas=[
            CooperationArea.COMMUNICATION,
            CooperationArea.JOINT_PROJECTS,
            CooperationArea.RESEARCH,
            CooperationArea.TRAINING,
            CooperationArea.PROMOTION,
            CooperationArea.JOINT_OFFERS,
            CooperationArea.CONFERENCES,
        ],
        partners=[
            partners[slug]
            for slug in (
                "jki",
                "pikmed",
                "klaster-innowacyjne-regiony",
                "polski-klaster-weterynaryjny",
                "klaster-for-africa",
            )
        ],
    )
    services.agreement_negotiation_start(
        agreement=agreement, actor=None, on=datetime.date(2015, 5, 4)
    )
    _sign_all(
        agreement,
        [
            ("Bogdan Węgrzynek", "Prezes"),
            ("Marek Kowalczyk", "Prezes Zarządu"),
            ("Ewa Nowicka", "Koordynator klastra"),
            ("Tomasz Wróbel", "Prezes Zarządu"),
            ("Katarzyna Lis", "Koordynator klastra"),
            ("Jan Mazur", "Prezes Zarządu"),
        ],
        on=datetime.date(2015, 6, 17),
    )
    return agreement


def _business_roaming(partners):
    today = timezone.localdate()
    agreement = services.agreement_create(
        actor=None,
        data={
            "kind": Agreement.Kind.BUSINESS_ROAMING,
            "title_pl": "Porozumienie Business Roaming",
            "title_en": "Business Roaming Agreement",
            "title_de": "Business-Roaming-Vereinbarung",
            "title_fr": "Accord de business roaming",
            "title_ru": "Соглашение о бизнес-роуминге",
            "reference_number": ROAMING_REFERENCE,
            "language": "en",
            "text": (
                "Each party offers the members of the other parties desk space in its offices for "
                "up to ten working days a year, introductions to its members, and help with "
                "meetings in its region.\n\nVisits are booked through the cluster offices at "
                "least two weeks ahead."
            ),
            "signed_place": "Gdańsk",
            "signed_on": datetime.date(2019, 3, 12),
            "valid_from": datetime.date(2019, 4, 1),
            # Ending soon, so the demo shows the coordinators' expiry reminder.
            "valid_until": today + datetime.timedelta(days=45),
            "approving_resolution_reference": "Uchwała nr 2/2019 Rady Klastra z 20 lutego 2019 r.",
        },
        areas=[
            CooperationArea.OFFICE_SPACE,
            CooperationArea.JOINT_OFFERS,
            CooperationArea.PROMOTION,
        ],
        partners=[
            partners["baltic-tech-cluster"],
            partners["saxony-innovation-cluster"],
            partners["moravian-ict-cluster"],
        ],
    )
    _sign_all(
        agreement,
        [
            ("Anna Zawadzka", "Prezes Zarządu"),
            ("Rūta Petrauskienė", "Managing Director"),
            ("Stefan Krüger", "Geschäftsführer"),
            ("Petr Novák", "Chair of the Board"),
        ],
        on=datetime.date(2019, 3, 12),
    )
    return agreement


def _memorandum(partners):
    today = timezone.localdate()
    agreement = services.agreement_create(
        actor=None,
        data={
            "kind": Agreement.Kind.MEMORANDUM,
            "title_pl": "Memorandum o współpracy z klastrem Grand Est Digital",
            "title_en": "Memorandum of understanding with Grand Est Digital Cluster",
            "title_fr": "Protocole d’accord avec Grand Est Digital Cluster",
            "reference_number": MEMORANDUM_REFERENCE,
            "language": "en",
            "text": (
                "The parties intend to exchange information on calls for joint research "
                "projects, to invite each other's members to their conferences, and to meet "
                "twice a year to review the cooperation."
            ),
            "signed_place": "Strasbourg",
            "valid_from": today,
            "valid_until": today.replace(year=today.year + 3),
        },
        areas=[
            CooperationArea.COMMUNICATION,
            CooperationArea.RESEARCH,
            CooperationArea.CONFERENCES,
        ],
        partners=[partners["grand-est-digital"]],
    )
    services.agreement_send_for_signature(agreement=agreement, actor=None, on=today)
    own = agreement.parties.get(partner__isnull=True)
    services.party_signature_record(
        party=own,
        actor=None,
        signature=Signature.SIGNED,
        on=today,
        signatory_name="Anna Zawadzka",
        signatory_position="Prezes Zarządu",
    )
    return agreement


def agreements_seed():
    """Create the demo partners and agreements that are missing; return how many agreements."""
    partners = _partners()
    created = 0
    for reference, build in (
        (OKIP_REFERENCE, _okip),
        (ROAMING_REFERENCE, _business_roaming),
        (MEMORANDUM_REFERENCE, _memorandum),
    ):
        if not Agreement.objects.filter(reference_number=reference).exists():
            build(partners)
            created += 1
    return created
