"""A demo board: offers, requests, a call for partners and a joint purchase of the demo members.

Posts are found by their organisation and Polish title first, so a second run writes nothing.
Organisations, competences and sectors the demo does not have are skipped, not invented.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from members.models import Competence, Organisation, Person, Sector

from .models import Post

K = Post.Kind
S = Post.Status
V = Post.Visibility


@dataclass
class DemoPost:
    organisation: str  # the organisation's slug (from its short name, as the demo makes it)
    kind: str
    title: dict  # language code -> title
    description: dict  # language code -> description
    published_days_ago: int
    valid_days: int  # from today; negative for a post past its date
    status: str = S.PUBLISHED
    visibility: str = V.PUBLIC
    sectors: tuple = ()
    competences: tuple = ()  # slugs in the members' vocabulary, when it has them
    languages: tuple = ("pl", "en")
    funding_call: str = ""
    purchase_unit: str = ""
    purchase_target_quantity: Decimal | None = None
    extra: dict = field(default_factory=dict)


POSTS = (
    DemoPost(
        "jantar-software",
        K.OFFER,
        {
            "pl": "Integracja urządzeń IoT z systemami MES i ERP",
            "en": "Integrating IoT devices with MES and ERP systems",
            "de": "Integration von IoT-Geräten in MES- und ERP-Systeme",
        },
        {
            "pl": "Łączymy czujniki, sterowniki PLC i bramki LoRaWAN z systemami produkcyjnymi "
            "i ERP. Oferujemy audyt stanu obecnego, projekt architektury, wdrożenie oraz "
            "utrzymanie. Dla członków klastra pierwsze warsztaty (1 dzień) bezpłatnie.",
            "en": "We connect sensors, PLCs and LoRaWAN gateways to production and ERP systems: "
            "an audit of what you have, an architecture, the rollout and maintenance. The first "
            "one-day workshop is free for cluster members.",
            "de": "Wir verbinden Sensoren, SPS und LoRaWAN-Gateways mit Produktions- und "
            "ERP-Systemen: Bestandsaufnahme, Architektur, Einführung und Wartung. Der erste "
            "eintägige Workshop ist für Clustermitglieder kostenlos.",
        },
        3,
        120,
        sectors=("ict", "software", "automation"),
        competences=("iot", "system-integration", "erp"),
        languages=("pl", "en", "de"),
    ),
    DemoPost(
        "metalurgia-pomorska",
        K.OFFER,
        {
            "pl": "Wolne moce przerobowe: obróbka CNC 5-osiowa",
            "en": "Spare capacity: 5-axis CNC machining",
            "de": "Freie Kapazitäten: 5-Achs-CNC-Bearbeitung",
        },
        {
            "pl": "Od lutego dysponujemy ok. 600 godzinami miesięcznie na centrach obróbczych "
            "5-osiowych (stal, aluminium, tytan, detale do 1200 mm). Kontrola na maszynie "
            "współrzędnościowej, certyfikat ISO 9001. Krótkie serie i prototypy.",
            "en": "From February we have about 600 hours a month on 5-axis machining centres "
            "(steel, aluminium, titanium, parts up to 1200 mm), inspection on a coordinate "
            "measuring machine, ISO 9001. Short runs and prototypes.",
            "de": "Ab Februar rund 600 Stunden im Monat auf 5-Achs-Bearbeitungszentren (Stahl, "
            "Aluminium, Titan, Teile bis 1200 mm), Messung auf der KMG, ISO 9001.",
        },
        10,
        75,
        sectors=("metal",),
        competences=("cnc-machining", "iso-9001"),
        languages=("pl", "en", "de"),
    ),
    DemoPost(
        "baltic-container-logistics",
        K.OFFER,
        {
            "pl": "Magazyn chłodniczy w Gdyni: wolne miejsca paletowe",
            "en": "Cold-chain warehouse in Gdynia: pallet places available",
        },
        {
            "pl": "Udostępniamy 400 miejsc paletowych w temperaturze 2–8°C i 150 w mroźni "
            "(−25°C), 3 km od terminalu kontenerowego. Monitoring temperatury online, "
            "obsługa celna, dystrybucja na terenie Pomorza.",
            "en": "400 pallet places at 2–8 °C and 150 frozen (−25 °C), 3 km from the container "
            "terminal. Online temperature monitoring, customs handling, distribution across "
            "Pomerania.",
        },
        20,
        60,
        sectors=("logistics", "maritime"),
        competences=("cold-chain", "warehousing"),
    ),
    DemoPost(
        "stocznia-nadbaltycka",
        K.REQUEST,
        {
            "pl": "Szukamy podwykonawcy spawania konstrukcji stalowych (EN 1090)",
            "en": "Subcontractor wanted: welding of steel structures (EN 1090)",
            "de": "Subunternehmer gesucht: Schweißen von Stahlkonstruktionen (EN 1090)",
        },
        {
            "pl": "Na II kwartał potrzebujemy podwykonawcy do spawania sekcji konstrukcji "
            "stalowych (ok. 80 t, klasa wykonania EXC3). Wymagany certyfikat EN 1090 i spawacze "
            "z uprawnieniami wg EN ISO 9606-1. Praca na naszym terenie lub u podwykonawcy.",
            "en": "For Q2 we need a subcontractor to weld steel structure sections (about 80 t, "
            "execution class EXC3). EN 1090 certification and welders qualified to "
            "EN ISO 9606-1 are required. Work at our yard or at yours.",
            "de": "Für das 2. Quartal suchen wir einen Subunternehmer für das Schweißen von "
            "Stahlbausektionen (ca. 80 t, EXC3). EN-1090-Zertifikat erforderlich.",
        },
        5,
        45,
        sectors=("metal", "maritime"),
        competences=("welding", "en-1090"),
        languages=("pl", "en", "de"),
    ),
    DemoPost(
        "elpom",
        K.REQUEST,
        {
            "pl": "Poszukujemy eksperta do audytu cyberbezpieczeństwa (NIS2)",
            "en": "Looking for a cybersecurity audit expert (NIS2)",
        },
        {
            "pl": "Jako podmiot ważny w rozumieniu NIS2 potrzebujemy audytu systemu zarządzania "
            "bezpieczeństwem informacji oraz sieci OT na liniach produkcyjnych. Preferujemy "
            "audytora z certyfikatem ISO 27001 Lead Auditor.",
            "en": "As an important entity under NIS2 we need an audit of our information "
            "security management system and of the OT network on our production lines. An ISO "
            "27001 Lead Auditor is preferred.",
        },
        8,
        30,
        visibility=V.MEMBERS,
        sectors=("cybersecurity", "electronics"),
        competences=("cybersecurity-audit", "iso-27001"),
    ),
    DemoPost(
        "politechnika-nadbaltycka",
        K.CALL_FOR_PARTNERS,
        {
            "pl": "Partnerzy przemysłowi do projektu o cyfrowym bliźniaku linii produkcyjnej",
            "en": "Industrial partners for a project on a production line's digital twin",
            "de": "Industriepartner für ein Projekt zum digitalen Zwilling einer Fertigungslinie",
        },
        {
            "pl": "Politechnika przygotowuje wniosek w konkursie Horizon Europe. Szukamy 2–3 MŚP "
            "z branży produkcyjnej, które udostępnią linię pilotażową, oraz integratora "
            "systemów automatyki. Termin deklaracji: koniec miesiąca.",
            "en": "The university is preparing a Horizon Europe proposal. We are looking for "
            "2–3 manufacturing SMEs to host a pilot line and an automation integrator. Tell us "
            "by the end of the month.",
            "de": "Die Universität bereitet einen Antrag bei Horizon Europe vor. Gesucht werden "
            "2–3 produzierende KMU mit einer Pilotlinie und ein Automatisierungsintegrator.",
        },
        2,
        40,
        sectors=("automation", "ict"),
        competences=("digital-twin", "automation"),
        languages=("pl", "en", "de", "fr"),
        funding_call="Horizon Europe HORIZON-CL4-2027-TWIN-TRANSITION-01",
    ),
    DemoPost(
        "automatyka-gdanska",
        K.CALL_FOR_PARTNERS,
        {
            "pl": "Konsorcjum do FENG 2.1 Ścieżka SMART: robotyzacja spawania",
            "en": "Consortium for FENG 2.1 SMART Path: robotic welding",
        },
        {
            "pl": "Budujemy konsorcjum do projektu B+R robotyzacji spawania krótkich serii. "
            "Szukamy jednostki naukowej i dwóch odbiorców technologii z klastra.",
            "en": "We are building a consortium for an R&D project on robotic welding of short "
            "runs and look for a research organisation and two users of the technology from "
            "the cluster.",
        },
        12,
        50,
        visibility=V.MEMBERS,
        sectors=("robotics", "automation", "metal"),
        competences=("robotics", "welding"),
        funding_call="FENG 2.1 Ścieżka SMART",
    ),
    DemoPost(
        "pomorskie-centrum-klastrowe",
        K.JOINT_PURCHASE,
        {
            "pl": "Wspólny zakup energii elektrycznej na 2027 rok",
            "en": "Joint purchase of electricity for 2027",
            "de": "Gemeinsamer Stromeinkauf für 2027",
        },
        {
            "pl": "Biuro klastra organizuje grupowy przetarg na dostawę energii elektrycznej. "
            "Podajcie szacowane roczne zużycie w MWh; im większy wolumen, tym lepsza cena. "
            "Deklaracje do końca terminu ważności ogłoszenia.",
            "en": "The cluster office runs a group tender for electricity. Give your estimated "
            "annual consumption in MWh; the larger the volume, the better the price. Declare "
            "by the post's validity date.",
            "de": "Die Clustergeschäftsstelle organisiert eine gemeinsame Ausschreibung für "
            "Strom. Geben Sie Ihren geschätzten Jahresverbrauch in MWh an.",
        },
        6,
        35,
        visibility=V.MEMBERS,
        sectors=("energy",),
        purchase_unit="MWh",
        purchase_target_quantity=Decimal("5000"),
        languages=("pl", "en", "de"),
    ),
    DemoPost(
        "amber-software-group",
        K.JOINT_PURCHASE,
        {
            "pl": "Grupowy zakup licencji ERP dla MŚP",
            "en": "Group purchase of ERP licences for SMEs",
        },
        {
            "pl": "Negocjujemy z dostawcą rabat wolumenowy na licencje systemu ERP w chmurze. "
            "Zgłoście liczbę potrzebnych licencji użytkowników.",
            "en": "We are negotiating a volume discount on cloud ERP licences with a vendor. "
            "Tell us how many user licences you need.",
        },
        15,
        25,
        sectors=("software",),
        competences=("erp",),
        purchase_unit="licencja",
        purchase_target_quantity=Decimal("200"),
    ),
    DemoPost(
        "nordmed",
        K.REQUEST,
        {
            "pl": "Dostawca obudów z tworzyw do urządzeń medycznych",
            "en": "Supplier of plastic housings for medical devices",
        },
        {
            "pl": "Szukamy dostawcy obudów wtryskowych z tworzyw dopuszczonych do kontaktu "
            "ze skórą, seria ok. 5000 szt. rocznie, ISO 13485 mile widziany.",
            "en": "We need injection-moulded housings in skin-contact-approved plastics, about "
            "5,000 a year; ISO 13485 welcome.",
        },
        140,
        -20,
        status=S.EXPIRED,
        sectors=("medtech",),
    ),
    DemoPost(
        "portnet-telekom",
        K.OFFER,
        {
            "pl": "Prywatna sieć 5G dla zakładu lub terminalu",
            "en": "Private 5G network for a plant or terminal",
        },
        {
            "pl": "Projektujemy i uruchamiamy prywatne sieci 5G dla zakładów produkcyjnych i "
            "terminali portowych, z pomiarami radiowymi i utrzymaniem.",
            "en": "We design and run private 5G networks for plants and port terminals, with "
            "radio surveys and maintenance.",
        },
        200,
        -60,
        status=S.EXPIRED,
        sectors=("telecommunications",),
        competences=("5g",),
    ),
    DemoPost(
        "odra-stal",
        K.OFFER,
        {
            "pl": "Cięcie laserowe blach do 25 mm z dostawą na Pomorzu",
            "en": "Laser cutting of sheet metal up to 25 mm with delivery in Pomerania",
        },
        {
            "pl": "Cięcie laserowe fiber 12 kW, gięcie na prasie krawędziowej, dostawa własnym "
            "transportem w 48 godzin.",
            "en": "12 kW fibre laser cutting, press brake bending, delivery with our own "
            "transport within 48 hours.",
        },
        0,
        90,
        status=S.PENDING,
        sectors=("metal",),
        competences=("laser-cutting",),
    ),
)


def _contact(organisation):
    return (
        organisation.primary_representative
        or Person.objects.filter(organisation=organisation).order_by("pk").first()
    )


@transaction.atomic
def demo_cooperation_seed():
    """Create the demo posts that do not exist yet; return how many were created."""
    today = timezone.localdate()
    now = timezone.now()
    organisations = Organisation.objects.in_bulk(
        {spec.organisation for spec in POSTS}, field_name="slug"
    )
    sectors = Sector.objects.in_bulk(
        {slug for spec in POSTS for slug in spec.sectors}, field_name="slug"
    )
    competences = Competence.objects.in_bulk(
        {slug for spec in POSTS for slug in spec.competences}, field_name="slug"
    )
    created = 0
    for spec in POSTS:
        organisation = organisations.get(spec.organisation)
        if organisation is None or not organisation.is_active_member:
            continue
        if Post.objects.filter(organisation=organisation, title_pl=spec.title["pl"]).exists():
            continue
        contact = _contact(organisation)
        if contact is None:
            continue
        published_at = (
            None
            if spec.status == S.PENDING
            else now - datetime.timedelta(days=spec.published_days_ago)
        )
        post = Post(
            organisation=organisation,
            author=contact,
            contact_person=contact,
            kind=spec.kind,
            visibility=spec.visibility,
            status=spec.status,
            valid_until=today + datetime.timedelta(days=spec.valid_days),
            languages=sorted(spec.languages),
            funding_call=spec.funding_call,
            purchase_unit=spec.purchase_unit,
            purchase_target_quantity=spec.purchase_target_quantity,
            published_at=published_at,
            closed_at=now if spec.status == S.EXPIRED else None,
            **{f"title_{code}": text for code, text in spec.title.items()},
            **{f"description_{code}": text for code, text in spec.description.items()},
        )
        post.full_clean()
        post.save()
        post.sectors.set([sectors[slug] for slug in spec.sectors if slug in sectors])
        post.competences.set(
            [competences[slug] for slug in spec.competences if slug in competences]
        )
        # The list orders by publication; a created date in the past keeps the figures honest.
        Post.objects.filter(pk=post.pk).update(created_at=published_at or now)
        created += 1
    return created
