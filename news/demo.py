"""Demo news and pages, written through the services; a second run creates nothing."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from accounts.models import User

from . import services
from .models import Article, Page

WARSAW = ZoneInfo("Europe/Warsaw")

ARTICLES = [
    {
        "slug": "porozumienie-okip",
        "category": Article.Category.CLUSTER,
        "published_at": datetime(2015, 6, 24, 10, 0, tzinfo=WARSAW),
        "tags": ["OKIP", "współpraca międzyklastrowa"],
        "title": {
            "pl": "Porozumienie o współpracy międzyklastrowej z Klastrem OKIP",
            "en": "Inter-cluster cooperation agreement with the OKIP Cluster",
            "de": "Vereinbarung über die Zusammenarbeit zwischen Clustern mit dem OKIP-Cluster",
        },
        "lead": {
            "pl": "17 czerwca 2015 r. w Jastrzębiu-Zdroju Ogólnopolski Klaster Innowacyjnych "
            "Przedsiębiorców podpisał porozumienie o współpracy z klastrami zrzeszonymi pod jego "
            "parasolem.",
            "en": "On 17 June 2015 in Jastrzębie-Zdrój the Polish Cluster of Innovative "
            "Entrepreneurs (OKIP) signed a cooperation agreement with the clusters under its "
            "umbrella.",
            "de": "Am 17. Juni 2015 unterzeichnete der Polnische Cluster innovativer Unternehmer "
            "(OKIP) in Jastrzębie-Zdrój eine Kooperationsvereinbarung mit den Clustern unter "
            "seinem Dach.",
        },
        "body": {
            "pl": "<p>Porozumienie o międzyklastrowej współpracy z OKIP, reprezentowanym podczas "
            "aktu podpisania przez prezesa Bogdana Węgrzynka, podpisały klastry działające w "
            "regionie Górnego Śląska: Jastrzębski Klaster Innowacji, Polski Innowacyjny Klaster "
            "Medyczny PIKMED, Klaster Innowacyjne Regiony, Polski Klaster Weterynaryjny i Klaster "
            "for Africa.</p><p>Współpraca polegać będzie w szczególności na ułatwieniu "
            "komunikacji między podmiotami zrzeszonymi w klastrach, wspólnej realizacji projektów, "
            "wymianie doświadczeń i informacji, również ze środowiskiem naukowym, oraz na "
            "organizowaniu szkoleń, seminariów, staży i konferencji.</p><p>Przed podpisaniem "
            "porozumienia w Hotelu Dąbrówka odbyła się konferencja inaugurująca działalność "
            "organizacji klastrowej Jastrzębskiego Klastra Innowacji.</p>",
            "en": "<p>The agreement with OKIP, represented at the signing by its president "
            "Bogdan Węgrzynek, was signed by clusters working in Upper Silesia: the Jastrzębie "
            "Innovation Cluster, the Polish Innovative Medical Cluster PIKMED, the Innovative "
            "Regions Cluster, the Polish Veterinary Cluster and the Cluster for Africa.</p><p>The "
            "clusters will make it easier for their members to talk to each other, run joint "
            "projects, exchange experience and information, also with researchers, and organise "
            "training, seminars, internships and conferences together.</p><p>Before the signing, "
            "a conference at Hotel Dąbrówka opened the work of the Jastrzębie Innovation "
            "Cluster's organisation.</p>",
            "de": "<p>Die Vereinbarung mit OKIP, bei der Unterzeichnung vertreten durch den "
            "Vorsitzenden Bogdan Węgrzynek, unterzeichneten Cluster aus Oberschlesien: der "
            "Innovationscluster Jastrzębie, der Polnische Innovative Medizincluster PIKMED, der "
            "Cluster Innovative Regionen, der Polnische Veterinärcluster und der Cluster for "
            "Africa.</p><p>Die Cluster wollen die Kommunikation zwischen ihren Mitgliedern "
            "erleichtern, gemeinsame Projekte durchführen, Erfahrungen und Informationen – auch "
            "mit der Wissenschaft – austauschen sowie Schulungen, Seminare, Praktika und "
            "Konferenzen organisieren.</p>",
        },
    },
    {
        "slug": "spotkania-strategiczne-2013",
        "category": Article.Category.PROJECTS,
        "published_at": datetime(2013, 9, 23, 9, 0, tzinfo=WARSAW),
        "tags": ["strategia"],
        "title": {
            "pl": "Strategia dla Klastra: trzy spotkania strategiczne za nami",
            "en": "A strategy for the cluster: three strategy meetings behind us",
        },
        "lead": {
            "pl": "Od maja do września 2013 r. członkowie klastra wspólnie wypracowali strategię "
            "i propozycje projektów inwestycyjnych.",
            "en": "From May to September 2013 the members worked out the cluster's strategy and "
            "proposals for investment projects together.",
        },
        "body": {
            "pl": "<ul><li>10 maja 2013 – pierwsze spotkanie strategiczne w budynku Oliwia Gate: "
            "metodologia tworzenia strategii i analiza PEST.</li><li>19 czerwca 2013 – warsztat "
            "symulacyjny w Parku Naukowo-Technologicznym w Gdańsku.</li><li>20 września 2013 – "
            "spotkanie robocze, na którym uzgodniono przedsięwzięcia i projekty istotne dla "
            "rozwoju klastra.</li></ul>",
            "en": "<ul><li>10 May 2013 – the first strategy meeting at Oliwia Gate: how a "
            "strategy is made, and a PEST analysis.</li><li>19 June 2013 – a simulation workshop "
            "at the Gdańsk Science and Technology Park.</li><li>20 September 2013 – a working "
            "meeting that agreed the undertakings and projects that matter for the cluster."
            "</li></ul>",
        },
    },
    {
        "slug": "dobre-praktyki-jesien",
        "category": Article.Category.EVENTS,
        "published_at": datetime(2025, 10, 6, 12, 0, tzinfo=WARSAW),
        "tags": ["dobre praktyki"],
        "title": {"pl": "Jesienne spotkanie „Dobre praktyki klastra” u członka"},
        "lead": {
            "pl": "Dwa razy w roku spotykamy się w firmie jednego z członków, by poznać się lepiej "
            "i wymienić doświadczenia."
        },
        "body": {
            "pl": "<p>Koordynator zaprasza na kolejne spotkanie z cyklu „Dobre praktyki klastra”. "
            "Gospodarz pokaże swój zakład, a uczestnicy przedstawią plany działań i oferty "
            "współpracy.</p>"
        },
    },
]

PAGES = [
    {
        "slug": "about",
        "title": {
            "pl": "O klastrze",
            "en": "About the cluster",
            "de": "Über den Cluster",
            "fr": "À propos du cluster",
            "ru": "О кластере",
        },
        "body": {
            "pl": "<p>Klaster jest platformą współpracy firm, uczelni, instytutów badawczych i "
            "instytucji publicznych. Działa na podstawie umowy partnerstwa; pracami kieruje Rada "
            "Klastra wybierana przez Zgromadzenie Uczestników.</p><p>Tworzymy warunki do rozwoju "
            "przedsiębiorstw: dostarczamy wiedzę, wspieramy innowacyjność, łączymy firmy z nauką "
            "i realizujemy wspólne projekty.</p>",
            "en": "<p>The cluster is a platform where companies, universities, research "
            "institutes and public bodies work together. It rests on a partnership agreement; "
            "the Cluster Council, elected by the Member Assembly, leads its work.</p><p>We help "
            "companies grow: we share knowledge, support innovation, connect business with "
            "research and run joint projects.</p>",
            "de": "<p>Der Cluster ist eine Plattform für die Zusammenarbeit von Unternehmen, "
            "Hochschulen, Forschungsinstituten und öffentlichen Einrichtungen. Grundlage ist ein "
            "Partnerschaftsvertrag; der von der Mitgliederversammlung gewählte Clusterrat leitet "
            "die Arbeit.</p>",
            "fr": "<p>Le cluster est une plateforme de coopération entre entreprises, "
            "universités, instituts de recherche et organismes publics, fondée sur un accord de "
            "partenariat et dirigée par le Conseil du cluster élu par l'Assemblée des membres."
            "</p>",
            "ru": "<p>Кластер — это платформа сотрудничества компаний, университетов, "
            "научных институтов и государственных учреждений. Он действует на основе соглашения о "
            "партнёрстве; работой руководит Совет кластера, избираемый Собранием участников.</p>",
        },
    },
    {
        "slug": "coordinator",
        "title": {
            "pl": "Koordynator klastra",
            "en": "The cluster coordinator",
            "de": "Der Clusterkoordinator",
        },
        "body": {
            "pl": "<p>Na mocy porozumienia klastra rolę koordynatora pełni biuro klastra. "
            "Koordynator prowadzi bieżącą administrację, przyjmuje nowych członków, organizuje "
            "spotkania, szkolenia i misje gospodarcze oraz reprezentuje klaster w kraju i za "
            "granicą.</p><p>Dwa razy w roku koordynator organizuje spotkania „Dobre praktyki "
            "klastra” w firmach członków.</p>",
            "en": "<p>Under the cluster agreement the cluster office acts as the coordinator. It "
            "runs the day-to-day administration, admits new members, organises meetings, "
            "training and trade missions, and represents the cluster at home and abroad.</p>"
            "<p>Twice a year the coordinator hosts “Good practices” meetings at members' "
            "companies.</p>",
            "de": "<p>Laut Clustervereinbarung übernimmt das Clusterbüro die Koordination: die "
            "laufende Verwaltung, die Aufnahme neuer Mitglieder, Treffen, Schulungen und "
            "Wirtschaftsmissionen sowie die Vertretung des Clusters im In- und Ausland.</p>",
        },
    },
    {
        "slug": "strategy",
        "title": {"pl": "Strategia klastra", "en": "The cluster's strategy"},
        "body": {
            "pl": "<p>Strategię wypracowali wspólnie członkowie klastra podczas spotkań "
            "strategicznych. Jej cele to rozwój kompetencji członków, wspólne projekty "
            "badawczo-rozwojowe, internacjonalizacja i promocja regionu.</p>",
            "en": "<p>The members worked out the strategy together in strategy meetings. Its "
            "goals are to build the members' skills, run joint R&amp;D projects, go "
            "international and promote the region.</p>",
        },
    },
    {
        "slug": "contact",
        "title": {
            "pl": "Kontakt",
            "en": "Contact",
            "de": "Kontakt",
            "fr": "Contact",
            "ru": "Контакты",
        },
        "body": {
            "pl": "<p>Biuro klastra<br>ul. Dolomitów 15, 71-784 Szczecin<br>"
            '<a href="mailto:biuro@klaster.example">biuro@klaster.example</a></p>',
            "en": "<p>Cluster office<br>ul. Dolomitów 15, 71-784 Szczecin, Poland<br>"
            '<a href="mailto:biuro@klaster.example">biuro@klaster.example</a></p>',
            "de": "<p>Clusterbüro<br>ul. Dolomitów 15, 71-784 Szczecin, Polen<br>"
            '<a href="mailto:biuro@klaster.example">biuro@klaster.example</a></p>',
            "fr": "<p>Bureau du cluster<br>ul. Dolomitów 15, 71-784 Szczecin, Pologne<br>"
            '<a href="mailto:biuro@klaster.example">biuro@klaster.example</a></p>',
            "ru": "<p>Офис кластера<br>ul. Dolomitów 15, 71-784 Szczecin, Польша<br>"
            '<a href="mailto:biuro@klaster.example">biuro@klaster.example</a></p>',
        },
    },
]


def _translated(field, values):
    return {f"{field}_{code}": values.get(code, "") for code, _name in settings.LANGUAGES}


def news_seed(*, author_email=None):
    """Create the demo articles and pages that are missing; return how many were created."""
    author = User.objects.filter(email=author_email).first() if author_email else None
    created = 0
    existing_articles = set(Article.objects.values_list("slug", flat=True))
    for spec in ARTICLES:
        if spec["slug"] in existing_articles:
            continue
        services.article_save(
            actor=author,
            data={
                "slug": spec["slug"],
                "category": spec["category"],
                "status": Article.Status.PUBLISHED,
                "published_at": spec["published_at"],
                **_translated("title", spec["title"]),
                **_translated("lead", spec["lead"]),
                **_translated("body", spec["body"]),
            },
            tag_names=spec["tags"],
        )
        created += 1
    existing_pages = set(Page.objects.values_list("slug", flat=True))
    for spec in PAGES:
        if spec["slug"] in existing_pages:
            continue
        services.page_save(
            actor=author,
            data={
                "slug": spec["slug"],
                **_translated("title", spec["title"]),
                **_translated("body", spec["body"]),
            },
        )
        created += 1
    return created
