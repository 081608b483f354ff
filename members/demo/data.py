"""The raw material of the demo cluster: places, people's names, sectors and curated members.

Everything here is fictional but shaped like the Pomeranian clusters the portal is built for: an
ICT cluster of 150 members founded by a partnership agreement on 29 October 2009, a metal cluster,
a Baltic logistics cluster and the public bodies and universities around them. The identifiers
(NIP, REGON, KRS) are generated with valid check digits and belong to nobody in particular.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class City:
    name: str
    locative: str  # "w Gdańsku": descriptions say where a member is without inflecting its name
    voivodeship: str
    postal_code: str  # "x" stands for any digit
    area_code: str
    tax_offices: tuple[str, ...]  # a NIP starts with the code of the tax office that issued it
    weight: int


CITIES = (
    City("Gdańsk", "Gdańsku", "pomorskie", "80-xxx", "58", ("583", "584", "957", "604"), 34),
    City("Gdynia", "Gdyni", "pomorskie", "81-xxx", "58", ("586", "958"), 16),
    City("Sopot", "Sopocie", "pomorskie", "81-7xx", "58", ("585",), 4),
    City("Słupsk", "Słupsku", "pomorskie", "76-2xx", "59", ("839",), 4),
    City("Wejherowo", "Wejherowie", "pomorskie", "84-200", "58", ("588",), 2),
    City("Rumia", "Rumi", "pomorskie", "84-230", "58", ("588",), 2),
    City("Pruszcz Gdański", "Pruszczu Gdańskim", "pomorskie", "83-000", "58", ("604",), 2),
    City("Tczew", "Tczewie", "pomorskie", "83-110", "58", ("593",), 2),
    City("Kartuzy", "Kartuzach", "pomorskie", "83-300", "58", ("589",), 1),
    City("Kościerzyna", "Kościerzynie", "pomorskie", "83-400", "58", ("591",), 1),
    City("Starogard Gdański", "Starogardzie Gdańskim", "pomorskie", "83-200", "58", ("592",), 1),
    City("Chojnice", "Chojnicach", "pomorskie", "89-600", "52", ("555",), 1),
    City("Lębork", "Lęborku", "pomorskie", "84-300", "59", ("841",), 1),
    City("Malbork", "Malborku", "pomorskie", "82-200", "55", ("579",), 1),
    City("Kwidzyn", "Kwidzynie", "pomorskie", "82-500", "55", ("581",), 1),
    City("Żukowo", "Żukowie", "pomorskie", "83-330", "58", ("589",), 1),
    City("Bytów", "Bytowie", "pomorskie", "77-100", "59", ("842",), 1),
    City("Puck", "Pucku", "pomorskie", "84-100", "58", ("587",), 1),
    City("Szczecin", "Szczecinie", "zachodniopomorskie", "71-xxx", "91", ("851", "852", "955"), 4),
    City("Koszalin", "Koszalinie", "zachodniopomorskie", "75-xxx", "94", ("669",), 1),
    City("Bydgoszcz", "Bydgoszczy", "kujawsko-pomorskie", "85-xxx", "52", ("554", "953"), 2),
    City("Toruń", "Toruniu", "kujawsko-pomorskie", "87-1xx", "56", ("879", "956"), 2),
    City("Elbląg", "Elblągu", "warminsko-mazurskie", "82-3xx", "55", ("578",), 2),
    City("Olsztyn", "Olsztynie", "warminsko-mazurskie", "10-xxx", "89", ("739",), 1),
    City("Warszawa", "Warszawie", "mazowieckie", "0x-xxx", "22", ("521", "525", "527", "951"), 5),
    City("Kraków", "Krakowie", "malopolskie", "3x-xxx", "12", ("676", "677", "679"), 2),
    City("Wrocław", "Wrocławiu", "dolnoslaskie", "5x-xxx", "71", ("894", "895", "898"), 2),
    City("Poznań", "Poznaniu", "wielkopolskie", "6x-xxx", "61", ("778", "779", "972"), 2),
    City("Łódź", "Łodzi", "lodzkie", "9x-xxx", "42", ("725", "727", "947"), 1),
    City("Katowice", "Katowicach", "slaskie", "40-xxx", "32", ("634", "954"), 1),
    City("Gliwice", "Gliwicach", "slaskie", "44-1xx", "32", ("631", "969"), 1),
    City("Rzeszów", "Rzeszowie", "podkarpackie", "35-xxx", "17", ("813",), 1),
    City("Lublin", "Lublinie", "lubelskie", "20-xxx", "81", ("712", "946"), 1),
    City("Białystok", "Białymstoku", "podlaskie", "15-xxx", "85", ("542", "966"), 1),
    City("Kielce", "Kielcach", "swietokrzyskie", "25-xxx", "41", ("657", "959"), 1),
    City("Opole", "Opolu", "opolskie", "45-xxx", "77", ("754",), 1),
    City("Zielona Góra", "Zielonej Górze", "lubuskie", "65-xxx", "68", ("929", "973"), 1),
)
CITY_BY_NAME = {city.name: city for city in CITIES}

# The first two digits of a REGON name the statistical office of the region that issued it.
REGON_PREFIXES = {
    "pomorskie": ("19", "22"),
    "zachodniopomorskie": ("32", "81"),
    "kujawsko-pomorskie": ("09", "34"),
    "warminsko-mazurskie": ("28", "51"),
    "mazowieckie": ("01", "14"),
    "malopolskie": ("12", "35"),
    "dolnoslaskie": ("02", "36"),
    "wielkopolskie": ("30", "63"),
    "lodzkie": ("10", "47"),
    "slaskie": ("24", "27"),
    "podkarpackie": ("18", "69"),
    "lubelskie": ("06", "43"),
    "podlaskie": ("05", "20"),
    "swietokrzyskie": ("26", "29"),
    "opolskie": ("16", "53"),
    "lubuskie": ("08", "97"),
}

STREETS = (
    "ul. Grunwaldzka",
    "al. Zwycięstwa",
    "ul. Marynarki Polskiej",
    "ul. Trzy Lipy",
    "ul. Abrahama",
    "ul. Świętojańska",
    "ul. Długa",
    "ul. Kościuszki",
    "ul. Mickiewicza",
    "ul. Piłsudskiego",
    "ul. Polna",
    "ul. Przemysłowa",
    "ul. Portowa",
    "ul. Hutnicza",
    "ul. Technologiczna",
    "ul. Fahrenheita",
    "ul. Heweliusza",
    "ul. Jana z Kolna",
    "ul. Słowackiego",
    "ul. Obrońców Wybrzeża",
    "ul. Lęborska",
    "ul. Kartuska",
    "ul. Morska",
    "ul. Łużycka",
    "al. Niepodległości",
    "ul. Wielopole",
    "ul. Lipowa",
    "ul. Szkolna",
    "ul. Ogrodowa",
    "ul. Bursztynowa",
    "ul. Żeglarska",
    "ul. Kaszubska",
    "ul. Energetyków",
    "ul. Stoczniowców",
    "ul. Inżynierska",
)

MALE_FIRST_NAMES = (
    "Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Michał", "Marcin", "Jakub", "Grzegorz",
    "Łukasz", "Adam", "Marek", "Wojciech", "Rafał", "Kamil", "Maciej", "Bartosz", "Jarosław",
    "Dariusz", "Mateusz", "Szymon", "Sebastian", "Przemysław", "Artur", "Robert", "Jan",
)  # fmt: skip
FEMALE_FIRST_NAMES = (
    "Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Magdalena", "Joanna",
    "Monika", "Aleksandra", "Karolina", "Natalia", "Marta", "Dorota", "Beata", "Justyna",
    "Paulina", "Izabela", "Sylwia", "Zofia", "Weronika", "Marzena", "Agata", "Hanna", "Alicja",
)  # fmt: skip
# Surnames in their masculine form; "-ski", "-cki" and "-dzki" take "-ska", "-cka", "-dzka".
SURNAMES = (
    "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski",
    "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur",
    "Kwiatkowski", "Krawczyk", "Piotrowski", "Grabowski", "Pawłowski", "Michalski", "Adamczyk",
    "Dudek", "Zając", "Wieczorek", "Jabłoński", "Król", "Majewski", "Olszewski", "Malinowski",
    "Stępień", "Górski", "Rutkowski", "Walczak", "Sikora", "Baran", "Kaszubowski", "Formela",
    "Labuda", "Kreft", "Konkol", "Szulc", "Bigus", "Gruchała", "Kotłowski", "Richert", "Plichta",
    "Hinz", "Fierek", "Kuchta", "Necel", "Brzeziński", "Lipiński", "Sobiecki", "Wolski",
)  # fmt: skip

# People from abroad who work for members; the portal writes to them in their language.
FOREIGN_PEOPLE = (
    ("Emma", "Clarke", "en"),
    ("James", "Whitfield", "en"),
    ("Lukas", "Becker", "de"),
    ("Sabine", "Hoffmann", "de"),
    ("Claire", "Dubois", "fr"),
    ("Olga", "Smirnova", "ru"),
    ("Mikkel", "Jensen", "en"),
    ("Katrin", "Vogel", "de"),
    ("Oliver", "Hughes", "en"),
)


@dataclass(frozen=True)
class SectorSpec:
    slug: str
    names: dict  # language code -> name
    offer: dict  # language code -> what a member in this sector delivers, as an object
    activity: str  # how a sole trader in this sector names the business
    suffixes: tuple[str, ...]  # how a company in this sector ends its name
    weight: int


SECTORS = (
    SectorSpec(
        "ict",
        {
            "pl": "Technologie informacyjno-komunikacyjne",
            "en": "Information and communication technologies",
            "de": "Informations- und Kommunikationstechnik",
            "fr": "Technologies de l'information et de la communication",
            "ru": "Информационно-коммуникационные технологии",
        },
        {
            "pl": "usługi chmurowe i utrzymanie infrastruktury IT",
            "en": "cloud services and IT infrastructure management",
            "de": "Cloud-Dienste und den Betrieb von IT-Infrastruktur",
        },
        "Usługi Informatyczne",
        ("IT", "Systems", "Cloud", "Net Solutions"),
        10,
    ),
    SectorSpec(
        "software",
        {
            "pl": "Oprogramowanie",
            "en": "Software",
            "de": "Software",
            "fr": "Logiciels",
            "ru": "Программное обеспечение",
        },
        {
            "pl": "oprogramowanie na zamówienie i aplikacje mobilne",
            "en": "custom software and mobile applications",
            "de": "Individualsoftware und mobile Anwendungen",
        },
        "Pracownia Programistyczna",
        ("Soft", "Software", "Code", "Apps", "Digital"),
        20,
    ),
    SectorSpec(
        "electronics",
        {
            "pl": "Elektronika",
            "en": "Electronics",
            "de": "Elektronik",
            "fr": "Électronique",
            "ru": "Электроника",
        },
        {
            "pl": "projektowanie i montaż układów elektronicznych",
            "en": "the design and assembly of electronic circuits",
            "de": "Entwicklung und Bestückung elektronischer Baugruppen",
        },
        "Serwis Elektroniki",
        ("Elektronika", "Electronics", "Embedded", "PCB"),
        10,
    ),
    SectorSpec(
        "telecommunications",
        {
            "pl": "Telekomunikacja",
            "en": "Telecommunications",
            "de": "Telekommunikation",
            "fr": "Télécommunications",
            "ru": "Телекоммуникации",
        },
        {
            "pl": "sieci światłowodowe i rozwiązania radiokomunikacyjne",
            "en": "fibre networks and radio communication solutions",
            "de": "Glasfasernetze und Funklösungen",
        },
        "Instalatorstwo Teletechniczne",
        ("Telekom", "Networks", "Fiber", "Radiocom"),
        6,
    ),
    SectorSpec(
        "automation",
        {
            "pl": "Automatyka przemysłowa",
            "en": "Industrial automation",
            "de": "Industrieautomatisierung",
            "fr": "Automatisation industrielle",
            "ru": "Промышленная автоматизация",
        },
        {
            "pl": "systemy sterowania i automatyki przemysłowej",
            "en": "control systems and industrial automation",
            "de": "Steuerungssysteme und Industrieautomatisierung",
        },
        "Pracownia Automatyki",
        ("Automatyka", "Automation", "Control", "Sterowanie"),
        10,
    ),
    SectorSpec(
        "robotics",
        {
            "pl": "Robotyka",
            "en": "Robotics",
            "de": "Robotik",
            "fr": "Robotique",
            "ru": "Робототехника",
        },
        {
            "pl": "zrobotyzowane stanowiska produkcyjne",
            "en": "robotic production cells",
            "de": "robotergestützte Fertigungszellen",
        },
        "Pracownia Mechatroniki",
        ("Robotics", "Mechatronika", "Robotyka"),
        5,
    ),
    SectorSpec(
        "metal",
        {
            "pl": "Przemysł metalowy",
            "en": "Metal industry",
            "de": "Metallindustrie",
            "fr": "Industrie métallurgique",
            "ru": "Металлообработка",
        },
        {
            "pl": "konstrukcje stalowe i precyzyjną obróbkę metali",
            "en": "steel structures and precision metalworking",
            "de": "Stahlkonstruktionen und Präzisionsmetallbearbeitung",
        },
        "Zakład Ślusarski",
        ("Metal", "Stal", "Konstrukcje", "Metal-Serwis"),
        12,
    ),
    SectorSpec(
        "logistics",
        {
            "pl": "Logistyka i transport",
            "en": "Logistics and transport",
            "de": "Logistik und Transport",
            "fr": "Logistique et transport",
            "ru": "Логистика и транспорт",
        },
        {
            "pl": "usługi spedycyjne, magazynowe i transport intermodalny",
            "en": "freight forwarding, warehousing and intermodal transport",
            "de": "Spedition, Lagerhaltung und intermodalen Transport",
        },
        "Transport Drogowy",
        ("Logistics", "Cargo", "Spedycja", "Trans"),
        10,
    ),
    SectorSpec(
        "energy",
        {
            "pl": "Energetyka",
            "en": "Energy",
            "de": "Energiewirtschaft",
            "fr": "Énergie",
            "ru": "Энергетика",
        },
        {
            "pl": "instalacje odnawialnych źródeł energii i magazyny energii",
            "en": "renewable energy installations and energy storage",
            "de": "Anlagen für erneuerbare Energien und Energiespeicher",
        },
        "Instalacje Fotowoltaiczne",
        ("Energia", "Energy", "Solar", "Power"),
        6,
    ),
    SectorSpec(
        "medtech",
        {
            "pl": "Technologie medyczne",
            "en": "Medical technology",
            "de": "Medizintechnik",
            "fr": "Technologies médicales",
            "ru": "Медицинские технологии",
        },
        {
            "pl": "urządzenia diagnostyczne i oprogramowanie medyczne",
            "en": "diagnostic devices and medical software",
            "de": "Diagnosegeräte und medizinische Software",
        },
        "Pracownia Aparatury Medycznej",
        ("Med", "Medical", "Diagnostics"),
        4,
    ),
    SectorSpec(
        "cybersecurity",
        {
            "pl": "Cyberbezpieczeństwo",
            "en": "Cybersecurity",
            "de": "Cybersicherheit",
            "fr": "Cybersécurité",
            "ru": "Кибербезопасность",
        },
        {
            "pl": "audyty bezpieczeństwa, testy penetracyjne i usługi SOC",
            "en": "security audits, penetration testing and SOC services",
            "de": "Sicherheitsaudits, Penetrationstests und SOC-Dienste",
        },
        "Audyty Bezpieczeństwa IT",
        ("Secure", "Security", "CyberOps"),
        4,
    ),
    SectorSpec(
        "maritime",
        {
            "pl": "Gospodarka morska",
            "en": "Maritime economy",
            "de": "Maritime Wirtschaft",
            "fr": "Économie maritime",
            "ru": "Морская экономика",
        },
        {
            "pl": "wyposażenie statków i usługi dla portów morskich",
            "en": "ship equipment and services for seaports",
            "de": "Schiffsausrüstung und Dienstleistungen für Seehäfen",
        },
        "Usługi Portowe",
        ("Marine", "Shipping", "Maritime"),
        3,
    ),
    SectorSpec(
        "data",
        {
            "pl": "Sztuczna inteligencja i analiza danych",
            "en": "Artificial intelligence and data analytics",
            "de": "Künstliche Intelligenz und Datenanalyse",
            "fr": "Intelligence artificielle et analyse de données",
            "ru": "Искусственный интеллект и анализ данных",
        },
        {
            "pl": "rozwiązania sztucznej inteligencji i analityki danych",
            "en": "artificial intelligence and data analytics solutions",
            "de": "Lösungen für künstliche Intelligenz und Datenanalyse",
        },
        "Pracownia Analiz Danych",
        ("AI", "Analytics", "Data"),
        0,
    ),
    SectorSpec(
        "education",
        {
            "pl": "Edukacja i szkolenia",
            "en": "Education and training",
            "de": "Bildung und Weiterbildung",
            "fr": "Éducation et formation",
            "ru": "Образование и обучение",
        },
        {
            "pl": "szkolenia specjalistyczne i kursy certyfikowane",
            "en": "specialist training and certified courses",
            "de": "Fachschulungen und zertifizierte Kurse",
        },
        "Centrum Szkoleniowe",
        ("Akademia", "Edu"),
        0,
    ),
    SectorSpec(
        "consulting",
        {
            "pl": "Doradztwo i usługi dla biznesu",
            "en": "Business consulting and services",
            "de": "Unternehmensberatung und -dienstleistungen",
            "fr": "Conseil et services aux entreprises",
            "ru": "Консалтинг и бизнес-услуги",
        },
        {
            "pl": "doradztwo strategiczne i pozyskiwanie funduszy",
            "en": "strategy consulting and help with funding applications",
            "de": "Strategieberatung und Unterstützung bei Förderanträgen",
        },
        "Biuro Doradcze",
        ("Consulting", "Doradztwo", "Partners"),
        0,
    ),
)
SECTOR_BY_SLUG = {sector.slug: sector for sector in SECTORS}

# A company's second sector is usually a neighbour of its first.
RELATED_SECTORS = {
    "ict": ("software", "telecommunications", "cybersecurity", "data"),
    "software": ("ict", "data", "cybersecurity"),
    "electronics": ("telecommunications", "automation", "medtech"),
    "telecommunications": ("ict", "electronics"),
    "automation": ("robotics", "electronics", "metal"),
    "robotics": ("automation", "data"),
    "metal": ("automation", "maritime"),
    "logistics": ("maritime", "software"),
    "energy": ("electronics", "automation"),
    "medtech": ("electronics", "data"),
    "cybersecurity": ("ict", "software"),
    "maritime": ("logistics", "metal"),
}

# Company names: a Pomeranian or technical root and a sector's suffix ("Amber Soft").
NAME_ROOTS = (
    "Bałtyk", "Neptun", "Oliwa", "Kaszuby", "Morena", "Hel", "Mewa", "Bursztyn",
    "Nord", "Posejdon", "Fala", "Kotwica", "Sztorm", "Baltica", "Pomerania", "Kaper",
    "Horyzont", "Zatoka", "Mierzeja", "Wydma", "Kormoran", "Żagiel", "Latarnia", "Orłowo",
    "Inno", "Quanta", "Vector", "Nexus", "Pixel", "Sigma", "Delta", "Orbit", "Kwant", "Tensor",
    "Argon", "Helios", "Iskra", "Kompas", "Meridian", "Prymat", "Astra", "Cyfra", "Impuls",
)  # fmt: skip

POSITIONS = {
    "enterprise_head": ("Prezes Zarządu", "Członek Zarządu", "Dyrektor Generalny"),
    "enterprise": (
        "Dyrektor Techniczny",
        "Dyrektor ds. Rozwoju",
        "Kierownik Projektów",
        "Kierownik Działu Sprzedaży",
        "Specjalista ds. Marketingu",
        "Główny Inżynier",
        "Kierownik Biura",
        "Architekt Rozwiązań",
    ),
    "university_head": ("Prorektor ds. Współpracy z Gospodarką", "Prorektor ds. Nauki"),
    "university": (
        "Dyrektor Centrum Transferu Technologii",
        "Kierownik Katedry Systemów Automatyki",
        "Pełnomocnik Rektora ds. Współpracy z Otoczeniem",
        "Specjalista ds. Komercjalizacji",
    ),
    "research_head": ("Dyrektor Instytutu",),
    "research": (
        "Zastępca Dyrektora ds. Naukowych",
        "Kierownik Zakładu",
        "Specjalista ds. Grantów",
    ),
    "business_support_head": ("Prezes Zarządu", "Dyrektor"),
    "business_support": (
        "Koordynator Projektów",
        "Specjalista ds. Funduszy Europejskich",
        "Menedżer Inkubatora",
    ),
    "public_head": ("Zastępca Prezydenta Miasta", "Burmistrz", "Wójt", "Starosta"),
    "public": (
        "Dyrektor Wydziału Rozwoju Gospodarczego",
        "Inspektor ds. Współpracy z Biznesem",
        "Kierownik Referatu Inwestycji",
    ),
    "ngo_head": ("Prezes Zarządu",),
    "ngo": ("Członek Zarządu", "Koordynator Programów", "Wolontariusz ds. Komunikacji"),
}


@dataclass(frozen=True)
class CuratedMember:
    """A member written by hand: the universities, institutes, public bodies and flagships."""

    key: str
    name: str
    short_name: str
    kind: str
    city: str
    sectors: tuple[str, ...]
    description: dict  # language code -> text
    domain: str
    employee_range: str = ""
    in_krs: bool = True  # companies, foundations and associations; not universities or offices


CURATED_MEMBERS = (
    # --- Universities -------------------------------------------------------------------------
    CuratedMember(
        "pnb",
        "Politechnika Nadbałtycka",
        "",
        "university",
        "Gdańsk",
        ("ict", "electronics", "telecommunications", "automation", "education"),
        {
            "pl": "Uczelnia techniczna, która od początku współtworzy klaster i administruje jego "
            "projektami. Wydziały elektroniki, informatyki i mechaniki prowadzą z członkami "
            "wspólne prace badawczo-rozwojowe, a Centrum Transferu Technologii pomaga firmom "
            "korzystać z laboratoriów uczelni.",
            "en": "A technical university that co-founded the cluster and administers its "
            "projects. Its electronics, computing and mechanical faculties run joint R&D with "
            "members, and its Technology Transfer Centre opens the university's laboratories to "
            "companies.",
            "de": "Eine Technische Universität, die den Cluster mitbegründet hat und seine "
            "Projekte verwaltet. Die Fakultäten für Elektronik, Informatik und Maschinenbau "
            "forschen gemeinsam mit den Mitgliedern.",
        },
        "pnb.edu.example",
        "250+",
        False,
    ),
    CuratedMember(
        "uniwersytet-polnocny",
        "Uniwersytet Północny w Gdańsku",
        "Uniwersytet Północny",
        "university",
        "Gdańsk",
        ("data", "medtech", "education"),
        {
            "pl": "Uniwersytet z silnymi zespołami matematyki stosowanej, bioinformatyki i "
            "ekonomii. W klastrze wnosi kompetencje w analizie danych i kształci specjalistów "
            "dla firm członkowskich.",
            "en": "A university with strong applied mathematics, bioinformatics and economics "
            "teams. In the cluster it brings data analysis expertise and trains specialists for "
            "member companies.",
        },
        "upn.edu.example",
        "250+",
        False,
    ),
    CuratedMember(
        "amil",
        "Akademia Morska i Logistyczna w Gdyni",
        "Akademia Morska i Logistyczna",
        "university",
        "Gdynia",
        ("maritime", "logistics", "education"),
        {
            "pl": "Uczelnia kształcąca oficerów floty handlowej, logistyków i inżynierów "
            "portowych. Prowadzi symulatory nawigacyjne i laboratorium łańcucha dostaw "
            "udostępniane członkom klastra.",
            "en": "A university educating merchant navy officers, logisticians and port "
            "engineers. Its navigation simulators and supply-chain laboratory are open to "
            "cluster members.",
            "de": "Eine Hochschule für Schiffsoffiziere, Logistiker und Hafeningenieure mit "
            "Navigationssimulatoren und einem Labor für Lieferketten.",
        },
        "amil.edu.example",
        "250+",
        False,
    ),
    CuratedMember(
        "ans-slupsk",
        "Akademia Nauk Stosowanych Pomorza Środkowego w Słupsku",
        "ANS Słupsk",
        "university",
        "Słupsk",
        ("education", "ict", "energy"),
        {
            "pl": "Akademia kształcąca praktycznie informatyków i energetyków dla firm Pomorza "
            "Środkowego; studenci odbywają staże u członków klastra.",
            "en": "An academy of applied sciences that trains computing and energy specialists "
            "for companies in central Pomerania; its students do internships with members.",
        },
        "ans-slupsk.edu.example",
        "50-249",
        False,
    ),
    CuratedMember(
        "wsiiz",
        "Wyższa Szkoła Informatyki i Zarządzania w Gdańsku",
        "WSIiZ Gdańsk",
        "university",
        "Gdańsk",
        ("ict", "software", "education", "consulting"),
        {
            "pl": "Niepubliczna uczelnia z programami studiów tworzonymi razem z firmami IT. "
            "Prowadzi studia podyplomowe z cyberbezpieczeństwa i zarządzania projektami.",
            "en": "A private university whose programmes are designed with IT companies. It "
            "runs postgraduate courses in cybersecurity and project management.",
        },
        "wsiiz-gdansk.edu.example",
        "50-249",
        False,
    ),
    CuratedMember(
        "gumt",
        "Gdański Uniwersytet Medyczno-Techniczny",
        "GUMT",
        "university",
        "Gdańsk",
        ("medtech", "data", "education"),
        {
            "pl": "Uczelnia łącząca medycynę z inżynierią biomedyczną. Testuje z członkami "
            "klastra urządzenia diagnostyczne i oprogramowanie dla szpitali.",
            "en": "A university joining medicine and biomedical engineering. It tests "
            "diagnostic devices and hospital software together with cluster members.",
        },
        "gumt.edu.example",
        "250+",
        False,
    ),
    # --- Research institutes ------------------------------------------------------------------
    CuratedMember(
        "iarp",
        "Instytut Automatyki i Robotyki Pomorza",
        "IARP",
        "research",
        "Gdańsk",
        ("automation", "robotics"),
        {
            "pl": "Instytut badawczy zajmujący się sterowaniem, robotyką współpracującą i "
            "cyfrowymi bliźniakami linii produkcyjnych.",
            "en": "A research institute working on control, collaborative robotics and digital "
            "twins of production lines.",
            "de": "Ein Forschungsinstitut für Regelungstechnik, kollaborative Robotik und "
            "digitale Zwillinge von Fertigungslinien.",
        },
        "iarp.example",
        "50-249",
    ),
    CuratedMember(
        "bieo",
        "Bałtycki Instytut Energetyki Odnawialnej",
        "BIEO",
        "research",
        "Słupsk",
        ("energy",),
        {
            "pl": "Instytut badający morską energetykę wiatrową, magazyny energii i sieci "
            "inteligentne; prowadzi poligon badawczy na wybrzeżu.",
            "en": "An institute researching offshore wind, energy storage and smart grids, with "
            "a test site on the coast.",
        },
        "bieo.example",
        "50-249",
    ),
    CuratedMember(
        "itm",
        "Instytut Technologii Morskich",
        "ITM",
        "research",
        "Gdynia",
        ("maritime", "metal"),
        {
            "pl": "Instytut badawczy budownictwa okrętowego i technologii spawalniczych; "
            "certyfikuje rozwiązania członków dla stoczni.",
            "en": "A research institute for shipbuilding and welding technology that certifies "
            "members' solutions for shipyards.",
        },
        "itm.example",
        "50-249",
    ),
    CuratedMember(
        "cbm",
        "Centrum Badawcze Mikroelektroniki",
        "CBM",
        "research",
        "Gdańsk",
        ("electronics", "telecommunications"),
        {
            "pl": "Laboratorium projektowania układów scalonych i anten; wykonuje pomiary "
            "kompatybilności elektromagnetycznej dla członków klastra.",
            "en": "A laboratory for integrated circuit and antenna design that performs "
            "electromagnetic compatibility measurements for cluster members.",
        },
        "cbm.example",
        "10-49",
    ),
    CuratedMember(
        "ilti",
        "Instytut Logistyki i Transportu Intermodalnego",
        "ILTI",
        "research",
        "Gdynia",
        ("logistics", "maritime"),
        {
            "pl": "Instytut modelujący przepływy ładunków w portach i korytarzach transportowych "
            "Europy Środkowej.",
            "en": "An institute modelling cargo flows in ports and Central European transport "
            "corridors.",
        },
        "ilti.example",
        "10-49",
    ),
    CuratedMember(
        "ick",
        "Instytut Cyberbezpieczeństwa i Kryptologii",
        "ICK",
        "research",
        "Gdańsk",
        ("cybersecurity", "data"),
        {
            "pl": "Instytut badający bezpieczeństwo systemów przemysłowych i kryptografię "
            "postkwantową.",
            "en": "An institute researching industrial control system security and "
            "post-quantum cryptography.",
        },
        "ick.example",
        "10-49",
    ),
    # --- Business-support institutions --------------------------------------------------------
    CuratedMember(
        "fpck",
        "Fundacja Pomorskie Centrum Klastrowe",
        "Pomorskie Centrum Klastrowe",
        "business_support",
        "Gdańsk",
        ("consulting", "education"),
        {
            "pl": "Koordynator Klastra: prowadzi Biuro Klastra, przygotowuje plan operacyjny, "
            "organizuje misje gospodarcze, szkolenia i spotkania grup roboczych oraz "
            "reprezentuje klaster w kraju i za granicą.",
            "en": "The cluster coordinator: runs the Cluster Office, prepares the operational "
            "plan, organises trade missions, training and action group meetings, and represents "
            "the cluster in Poland and abroad.",
            "de": "Der Clusterkoordinator: führt das Clusterbüro, organisiert "
            "Wirtschaftsmissionen, Schulungen und Arbeitsgruppen und vertritt den Cluster im "
            "In- und Ausland.",
            "fr": "Le coordinateur du cluster : il gère le bureau du cluster, organise des "
            "missions économiques et des formations et représente le cluster.",
            "ru": "Координатор кластера: ведёт офис кластера, организует бизнес-миссии, "
            "обучение и встречи рабочих групп.",
        },
        "centrumklastrowe.example",
        "10-49",
    ),
    CuratedMember(
        "park-oliwa",
        "Pomorski Park Naukowo-Technologiczny Oliwa Sp. z o.o.",
        "Park Oliwa",
        "business_support",
        "Gdańsk",
        ("consulting", "ict"),
        {
            "pl": "Park technologiczny z biurami, laboratoriami i preinkubatorem dla start-upów; "
            "gości spotkania „Dobre praktyki klastra”.",
            "en": "A technology park with offices, laboratories and a pre-incubator for "
            "start-ups; it hosts the cluster's \u201cgood practice\u201d meetings.",
        },
        "parkoliwa.example",
        "50-249",
    ),
    CuratedMember(
        "arrs",
        "Agencja Rozwoju Regionu Słupskiego S.A.",
        "ARRS",
        "business_support",
        "Słupsk",
        ("consulting",),
        {
            "pl": "Agencja rozwoju regionalnego udzielająca pożyczek i doradztwa firmom z "
            "Pomorza Środkowego.",
            "en": "A regional development agency giving loans and advice to companies in "
            "central Pomerania.",
        },
        "arrs.example",
        "10-49",
    ),
    CuratedMember(
        "inkubator-kaszuby",
        "Inkubator Technologiczny Kaszuby Sp. z o.o.",
        "Inkubator Kaszuby",
        "business_support",
        "Kartuzy",
        ("consulting", "ict"),
        {
            "pl": "Inkubator technologiczny wspierający młode firmy z Kaszub: biura, mentoring i "
            "kontakty z inwestorami.",
            "en": "A technology incubator for young companies from Kashubia: offices, "
            "mentoring and contacts with investors.",
        },
        "inkubatorkaszuby.example",
        "1-9",
    ),
    CuratedMember(
        "igetp",
        "Izba Gospodarcza Elektroniki i Telekomunikacji Pomorza",
        "IGETP",
        "business_support",
        "Gdynia",
        ("electronics", "telecommunications"),
        {
            "pl": "Samorząd gospodarczy branży elektronicznej; reprezentuje firmy wobec "
            "administracji i organizuje targi branżowe.",
            "en": "A chamber of commerce for the electronics industry that speaks for companies "
            "to the authorities and organises trade fairs.",
        },
        "igetp.example",
        "1-9",
    ),
    CuratedMember(
        "fundusz-pomorze",
        "Fundusz Pożyczkowy Pomorze Sp. z o.o.",
        "Fundusz Pomorze",
        "business_support",
        "Gdańsk",
        ("consulting",),
        {
            "pl": "Fundusz pożyczkowy finansujący inwestycje małych i średnich firm z regionu.",
            "en": "A loan fund financing investments of small and medium-sized companies in the "
            "region.",
        },
        "funduszpomorze.example",
        "10-49",
    ),
    CuratedMember(
        "ctt-nadbaltycka",
        "Centrum Transferu Technologii Nadbałtycka Sp. z o.o.",
        "CTT Nadbałtycka",
        "business_support",
        "Gdańsk",
        ("consulting", "education"),
        {
            "pl": "Spółka celowa uczelni komercjalizująca wyniki badań i łącząca naukowców z "
            "firmami klastra.",
            "en": "A university's special-purpose company that commercialises research and "
            "connects scientists with cluster companies.",
        },
        "ctt-nadbaltycka.example",
        "10-49",
    ),
    CuratedMember(
        "bcbm",
        "Bałtyckie Centrum Biznesu Morskiego Sp. z o.o.",
        "BCBM",
        "business_support",
        "Gdynia",
        ("maritime", "logistics", "consulting"),
        {
            "pl": "Centrum wspierające firmy gospodarki morskiej w eksporcie i w projektach "
            "międzynarodowych w regionie Morza Bałtyckiego.",
            "en": "A centre helping maritime companies to export and to take part in "
            "international projects around the Baltic Sea.",
            "de": "Ein Zentrum, das Unternehmen der maritimen Wirtschaft beim Export und bei "
            "internationalen Projekten im Ostseeraum unterstützt.",
        },
        "bcbm.example",
        "10-49",
    ),
    # --- Public administration ----------------------------------------------------------------
    CuratedMember(
        "slupsk",
        "Miasto Słupsk",
        "",
        "public",
        "Słupsk",
        ("energy", "ict"),
        {
            "pl": "Samorząd miasta rozwijający usługi miejskie oparte na danych i odnawialnych "
            "źródłach energii.",
            "en": "A city government developing data-driven municipal services and renewable "
            "energy.",
        },
        "slupsk.gov.example",
        "250+",
        False,
    ),
    CuratedMember(
        "zukowo",
        "Gmina Żukowo",
        "",
        "public",
        "Żukowo",
        ("ict",),
        {
            "pl": "Gmina podmiejska, która z członkami klastra wdraża e-usługi dla mieszkańców.",
            "en": "A suburban municipality rolling out e-services for residents with cluster "
            "members.",
        },
        "zukowo.gov.example",
        "50-249",
        False,
    ),
    CuratedMember(
        "powiat-kartuski",
        "Powiat Kartuski",
        "",
        "public",
        "Kartuzy",
        ("education",),
        {
            "pl": "Powiat prowadzący szkoły techniczne, które kształcą przyszłych pracowników "
            "firm klastra.",
            "en": "A county running technical schools that train future staff of cluster "
            "companies.",
        },
        "powiat-kartuski.gov.example",
        "50-249",
        False,
    ),
    CuratedMember(
        "koscierzyna",
        "Gmina Miejska Kościerzyna",
        "",
        "public",
        "Kościerzyna",
        ("energy",),
        {
            "pl": "Miasto realizujące program efektywności energetycznej budynków publicznych.",
            "en": "A town carrying out an energy-efficiency programme for public buildings.",
        },
        "koscierzyna.gov.example",
        "50-249",
        False,
    ),
    CuratedMember(
        "tczew",
        "Gmina Miejska Tczew",
        "",
        "public",
        "Tczew",
        ("logistics",),
        {
            "pl": "Miasto nad Wisłą rozwijające strefę logistyczną przy węźle kolejowym.",
            "en": "A town on the Vistula developing a logistics zone at its railway junction.",
        },
        "tczew.gov.example",
        "250+",
        False,
    ),
    # --- Non-governmental organisations -------------------------------------------------------
    CuratedMember(
        "siep",
        "Stowarzyszenie Inżynierów Elektroniki Pomorza",
        "SIEP",
        "ngo",
        "Gdańsk",
        ("electronics", "education"),
        {
            "pl": "Stowarzyszenie inżynierów organizujące seminaria techniczne i konkursy dla "
            "studentów.",
            "en": "An engineers' association organising technical seminars and student "
            "competitions.",
        },
        "siep.example",
        "1-9",
    ),
    CuratedMember(
        "kobiety-w-technologiach",
        "Fundacja Kobiety w Technologiach",
        "Kobiety w Technologiach",
        "ngo",
        "Gdynia",
        ("education", "ict"),
        {
            "pl": "Fundacja prowadząca programy mentoringowe dla kobiet rozpoczynających "
            "karierę w IT i inżynierii.",
            "en": "A foundation running mentoring programmes for women starting careers in IT "
            "and engineering.",
            "de": "Eine Stiftung mit Mentoring-Programmen für Frauen, die in IT und Technik "
            "beginnen.",
        },
        "kobietywtech.example",
        "1-9",
    ),
    CuratedMember(
        "smart-city-pomorze",
        "Stowarzyszenie Smart City Pomorze",
        "Smart City Pomorze",
        "ngo",
        "Sopot",
        ("ict", "energy"),
        {
            "pl": "Stowarzyszenie łączące samorządy i firmy wokół rozwiązań dla inteligentnych "
            "miast.",
            "en": "An association bringing local governments and companies together around "
            "smart city solutions.",
        },
        "smartcitypomorze.example",
        "1-9",
    ),
    CuratedMember(
        "cyfrowa-szkola",
        "Fundacja Cyfrowa Szkoła",
        "Cyfrowa Szkoła",
        "ngo",
        "Słupsk",
        ("education", "software"),
        {
            "pl": "Fundacja ucząca dzieci programowania i wyposażająca szkoły w pracownie "
            "robotyki.",
            "en": "A foundation teaching children to code and equipping schools with robotics "
            "labs.",
        },
        "cyfrowaszkola.example",
        "10-49",
    ),
    CuratedMember(
        "bbc",
        "Stowarzyszenie Przedsiębiorców Morskich Baltic Business Club",
        "Baltic Business Club",
        "ngo",
        "Gdynia",
        ("maritime", "logistics"),
        {
            "pl": "Klub przedsiębiorców branży morskiej; organizuje spotkania z armatorami i "
            "misje do portów Skandynawii.",
            "en": "A club of maritime entrepreneurs that organises meetings with shipowners and "
            "missions to Scandinavian ports.",
        },
        "balticbusinessclub.example",
        "1-9",
    ),
    # --- Large enterprises --------------------------------------------------------------------
    CuratedMember(
        "amber-software",
        "Amber Software Group S.A.",
        "Amber Software Group",
        "large",
        "Gdańsk",
        ("software", "ict", "data"),
        {
            "pl": "Grupa informatyczna tworząca systemy dla bankowości, energetyki i "
            "administracji; zatrudnia ponad 800 osób w Gdańsku, Warszawie i Berlinie.",
            "en": "An IT group building systems for banking, energy and public administration; "
            "it employs more than 800 people in Gdańsk, Warsaw and Berlin.",
            "de": "Eine IT-Gruppe, die Systeme für Banken, Energieversorger und Verwaltungen "
            "entwickelt; über 800 Beschäftigte in Danzig, Warschau und Berlin.",
        },
        "ambersoftware.example",
        "250+",
    ),
    CuratedMember(
        "stocznia-nadbaltycka",
        "Stocznia Nadbałtycka S.A.",
        "Stocznia Nadbałtycka",
        "large",
        "Gdańsk",
        ("maritime", "metal"),
        {
            "pl": "Stocznia budująca promy i jednostki serwisowe dla morskich farm wiatrowych.",
            "en": "A shipyard building ferries and service vessels for offshore wind farms.",
            "de": "Eine Werft, die Fähren und Serviceschiffe für Offshore-Windparks baut.",
        },
        "stocznianadbaltycka.example",
        "250+",
    ),
    CuratedMember(
        "elpom",
        "Pomorskie Zakłady Elektroniczne ELPOM S.A.",
        "ELPOM",
        "large",
        "Gdańsk",
        ("electronics", "telecommunications"),
        {
            "pl": "Producent urządzeń radiokomunikacyjnych i elektroniki dla kolei i energetyki.",
            "en": "A manufacturer of radio communication equipment and electronics for railways "
            "and the power industry.",
        },
        "elpom.example",
        "250+",
    ),
    CuratedMember(
        "baltycka-energetyka",
        "Bałtycka Energetyka S.A.",
        "Bałtycka Energetyka",
        "large",
        "Gdańsk",
        ("energy",),
        {
            "pl": "Przedsiębiorstwo energetyczne inwestujące w morskie farmy wiatrowe i sieci "
            "dystrybucyjne Pomorza.",
            "en": "An energy company investing in offshore wind farms and Pomeranian "
            "distribution grids.",
        },
        "baltyckaenergetyka.example",
        "250+",
    ),
    CuratedMember(
        "portnet",
        "PortNet Telekom S.A.",
        "PortNet Telekom",
        "large",
        "Gdynia",
        ("telecommunications", "ict"),
        {
            "pl": "Operator telekomunikacyjny z własną siecią światłowodową w portach i strefach "
            "przemysłowych.",
            "en": "A telecoms operator with its own fibre network in ports and industrial zones.",
        },
        "portnet.example",
        "250+",
    ),
    CuratedMember(
        "bcl",
        "Baltic Container Logistics Sp. z o.o.",
        "Baltic Container Logistics",
        "large",
        "Gdynia",
        ("logistics", "maritime"),
        {
            "pl": "Operator terminala kontenerowego i centrum dystrybucyjnego z połączeniami "
            "kolejowymi do Europy Środkowej.",
            "en": "A container terminal and distribution centre operator with rail links to "
            "Central Europe.",
            "de": "Betreiber eines Containerterminals und Distributionszentrums mit "
            "Bahnverbindungen nach Mitteleuropa.",
        },
        "bcl.example",
        "250+",
    ),
    CuratedMember(
        "metalurgia-pomorska",
        "Metalurgia Pomorska S.A.",
        "Metalurgia Pomorska",
        "large",
        "Starogard Gdański",
        ("metal",),
        {
            "pl": "Odlewnia i zakład obróbki metali dostarczający komponenty dla przemysłu "
            "maszynowego i stoczniowego.",
            "en": "A foundry and metalworking plant supplying components to the machinery and "
            "shipbuilding industries.",
        },
        "metalurgiapomorska.example",
        "250+",
    ),
    CuratedMember(
        "nordmed",
        "Nordmed Technologie Medyczne S.A.",
        "Nordmed",
        "large",
        "Gdańsk",
        ("medtech", "electronics"),
        {
            "pl": "Producent aparatury do monitorowania pacjentów eksportowanej do 40 krajów.",
            "en": "A manufacturer of patient monitoring equipment exported to 40 countries.",
        },
        "nordmed.example",
        "250+",
    ),
    CuratedMember(
        "automatyka-gdanska",
        "Automatyka Gdańska S.A.",
        "Automatyka Gdańska",
        "large",
        "Pruszcz Gdański",
        ("automation", "robotics"),
        {
            "pl": "Integrator systemów automatyki i robotyki dla przemysłu spożywczego i "
            "motoryzacyjnego.",
            "en": "A systems integrator for automation and robotics in the food and automotive "
            "industries.",
        },
        "automatykagdanska.example",
        "250+",
    ),
    CuratedMember(
        "odra-stal",
        "Zakłady Metalowe Odra-Stal S.A.",
        "Odra-Stal",
        "large",
        "Szczecin",
        ("metal", "maritime"),
        {
            "pl": "Producent konstrukcji stalowych dla energetyki wiatrowej i portów; od lat "
            "współpracuje z klastrami metalowymi Pomorza Zachodniego.",
            "en": "A maker of steel structures for wind energy and ports, long cooperating with "
            "the metal clusters of West Pomerania.",
        },
        "odrastal.example",
        "250+",
    ),
    # --- The representative's company ---------------------------------------------------------
    CuratedMember(
        "jantar-software",
        "Jantar Software Sp. z o.o.",
        "Jantar Software",
        "medium",
        "Gdańsk",
        ("software", "ict", "data"),
        {
            "pl": "Software house tworzący platformy dla logistyki i portów morskich. Zespół "
            "120 osób pracuje w Gdańsku i zdalnie z całej Polski.",
            "en": "A software house building platforms for logistics and seaports. Its team of "
            "120 works in Gdańsk and remotely across Poland.",
            "de": "Ein Softwarehaus, das Plattformen für Logistik und Seehäfen entwickelt; 120 "
            "Mitarbeitende in Danzig und remote.",
        },
        "jantarsoftware.example",
        "50-249",
    ),
)

STARTUPS = (
    ("DronLab P.S.A.", "DronLab", "Gdańsk", ("robotics", "data")),
    ("Nautilabs Sp. z o.o.", "Nautilabs", "Gdynia", ("maritime", "data")),
    ("Sensorium Tech P.S.A.", "Sensorium Tech", "Gdańsk", ("electronics", "medtech")),
    ("Kelp AI Sp. z o.o.", "Kelp AI", "Sopot", ("data", "software")),
    ("Voltaro P.S.A.", "Voltaro", "Gdańsk", ("energy", "electronics")),
    ("Portwise Sp. z o.o.", "Portwise", "Gdynia", ("logistics", "software")),
    ("Gridwise Energy P.S.A.", "Gridwise Energy", "Słupsk", ("energy", "data")),
    ("MediScan Labs Sp. z o.o.", "MediScan Labs", "Gdańsk", ("medtech", "data")),
    ("Fotonix P.S.A.", "Fotonix", "Gdańsk", ("electronics", "telecommunications")),
    ("Bitflow Sp. z o.o.", "Bitflow", "Gdynia", ("software", "cybersecurity")),
    ("Robokraft P.S.A.", "Robokraft", "Pruszcz Gdański", ("robotics", "automation")),
    ("Seaborne Data Sp. z o.o.", "Seaborne Data", "Gdynia", ("maritime", "data")),
    ("Hydrosense P.S.A.", "Hydrosense", "Gdańsk", ("electronics", "energy")),
    ("Cyberlatarnia Sp. z o.o.", "Cyberlatarnia", "Gdańsk", ("cybersecurity",)),
    ("Warsztat Kwantowy P.S.A.", "Warsztat Kwantowy", "Warszawa", ("ict", "data")),
)

KIND_SENTENCES = {
    "micro": {
        "pl": "Mały, doświadczony zespół, który stawia na bezpośredni kontakt z klientem.",
        "en": "A small, experienced team that works closely with each client.",
        "de": "Ein kleines, erfahrenes Team mit direktem Draht zu den Kunden.",
    },
    "small": {
        "pl": "Realizuje projekty dla przemysłu i samorządów w całej Polsce.",
        "en": "It delivers projects for industry and local governments across Poland.",
        "de": "Sie setzt Projekte für Industrie und Kommunen in ganz Polen um.",
    },
    "medium": {
        "pl": "Prowadzi z uczelniami regionu wspólne projekty badawczo-rozwojowe.",
        "en": "It runs joint R&D projects with the region's universities.",
        "de": "Sie führt gemeinsame F&E-Projekte mit Hochschulen der Region durch.",
    },
    "startup": {
        "pl": "Rozwija własny produkt i szuka w klastrze pierwszych klientów referencyjnych.",
        "en": "It develops its own product and is looking for its first reference customers "
        "in the cluster.",
    },
}

CLOSING_SENTENCES = (
    {
        "pl": "W klastrze uczestniczy w grupach roboczych i wspólnych misjach gospodarczych.",
        "en": "In the cluster it takes part in action groups and joint trade missions.",
        "de": "Im Cluster arbeitet sie in Arbeitsgruppen und bei gemeinsamen Wirtschaftsmissionen "
        "mit.",
    },
    {
        "pl": "Szuka partnerów do wspólnych projektów i ofert konsorcjalnych.",
        "en": "It is looking for partners for joint projects and consortium bids.",
        "de": "Sie sucht Partner für gemeinsame Projekte und Konsortialangebote.",
    },
    {
        "pl": "Chętnie gości spotkania „Dobre praktyki klastra” w swojej siedzibie.",
        "en": "It gladly hosts the cluster's \u201cgood practice\u201d meetings at its premises.",
        "de": "Sie lädt gern zu den \u201eGood Practice\u201c-Treffen des Clusters ein.",
    },
    {
        "pl": "Korzysta ze wspólnych zakupów i szkoleń organizowanych przez Biuro Klastra.",
        "en": "It uses the joint purchasing and training organised by the Cluster Office.",
        "de": "Sie nutzt gemeinsame Einkäufe und Schulungen des Clusterbüros.",
    },
)

ACTION_GROUPS = (
    {
        "name": {
            "pl": "Smart City",
            "en": "Smart City",
            "de": "Smart City",
            "fr": "Ville intelligente",
            "ru": "Умный город",
        },
        "description": {
            "pl": "Wspólne projekty z samorządami: inteligentne oświetlenie, transport "
            "publiczny oparty na danych i e-usługi dla mieszkańców.",
            "en": "Joint projects with local governments: smart lighting, data-driven public "
            "transport and e-services for residents.",
            "de": "Gemeinsame Projekte mit Kommunen: intelligente Beleuchtung, datengestützter "
            "Nahverkehr und E-Services für Bürger.",
        },
        "sectors": ("ict", "telecommunications", "energy", "data"),
        "kinds": ("public",),
    },
    {
        "name": {
            "pl": "Cyberbezpieczeństwo",
            "en": "Cybersecurity",
            "de": "Cybersicherheit",
            "fr": "Cybersécurité",
            "ru": "Кибербезопасность",
        },
        "description": {
            "pl": "Wymiana informacji o zagrożeniach, wspólne ćwiczenia reagowania na incydenty "
            "i przygotowanie członków do wymagań NIS2.",
            "en": "Threat information sharing, joint incident response exercises and getting "
            "members ready for NIS2.",
        },
        "sectors": ("cybersecurity", "software"),
        "kinds": (),
    },
    {
        "name": {
            "pl": "Przemysł 4.0",
            "en": "Industry 4.0",
            "de": "Industrie 4.0",
            "fr": "Industrie 4.0",
            "ru": "Индустрия 4.0",
        },
        "description": {
            "pl": "Automatyzacja i robotyzacja produkcji, cyfrowe bliźniaki oraz wdrożenia "
            "demonstracyjne w zakładach członków.",
            "en": "Automation and robotics in production, digital twins and demonstration "
            "deployments at members' plants.",
            "de": "Automatisierung und Robotik in der Produktion, digitale Zwillinge und "
            "Pilotanlagen bei Mitgliedern.",
        },
        "sectors": ("automation", "robotics", "metal", "electronics"),
        "kinds": (),
    },
    {
        "name": {
            "pl": "Logistyka i transport",
            "en": "Logistics and Transport",
            "de": "Logistik und Transport",
            "fr": "Logistique et transport",
            "ru": "Логистика и транспорт",
        },
        "description": {
            "pl": "Współpraca portów, spedytorów i dostawców IT na rzecz korytarza "
            "transportowego Bałtyk–Adriatyk.",
            "en": "Ports, forwarders and IT suppliers working together for the Baltic–Adriatic "
            "transport corridor.",
        },
        "sectors": ("logistics", "maritime"),
        "kinds": (),
    },
    {
        "name": {
            "pl": "Eksport i misje zagraniczne",
            "en": "Export and Trade Missions",
            "de": "Export und Auslandsmissionen",
            "fr": "Export et missions à l'étranger",
            "ru": "Экспорт и зарубежные миссии",
        },
        "description": {
            "pl": "Wspólne stoiska na targach, misje gospodarcze do Skandynawii i Niemiec oraz "
            "oferty konsorcjalne na rynki zagraniczne.",
            "en": "Joint trade fair stands, trade missions to Scandinavia and Germany, and "
            "consortium offers for foreign markets.",
            "de": "Gemeinschaftsstände auf Messen, Wirtschaftsmissionen nach Skandinavien und "
            "Deutschland und Konsortialangebote für Auslandsmärkte.",
        },
        "sectors": (),
        "kinds": ("large", "medium", "business_support"),
    },
    {
        "name": {
            "pl": "Technologie medyczne",
            "en": "Medical Technologies",
            "de": "Medizintechnik",
            "fr": "Technologies médicales",
            "ru": "Медицинские технологии",
        },
        "description": {
            "pl": "Urządzenia i oprogramowanie dla ochrony zdrowia, testowane razem ze "
            "szpitalami klinicznymi.",
            "en": "Devices and software for healthcare, tested together with university hospitals.",
        },
        "sectors": ("medtech",),
        "kinds": (),
    },
    {
        "name": {
            "pl": "Odnawialne źródła energii",
            "en": "Renewable Energy",
            "de": "Erneuerbare Energien",
            "fr": "Énergies renouvelables",
            "ru": "Возобновляемая энергетика",
        },
        "description": {
            "pl": "Łańcuch dostaw dla morskiej energetyki wiatrowej i magazynów energii na "
            "Pomorzu.",
            "en": "The supply chain for offshore wind and energy storage in Pomerania.",
        },
        "sectors": ("energy",),
        "kinds": (),
    },
)

APPLICATION_MOTIVATIONS = {
    "pl": (
        "Chcemy nawiązać współpracę z uczelniami i dużymi firmami regionu oraz wziąć udział w "
        "misjach gospodarczych klastra.",
        "Szukamy partnerów do wspólnych projektów badawczo-rozwojowych i ofert konsorcjalnych.",
        "Zależy nam na dostępie do szkoleń i grup roboczych, zwłaszcza Przemysł 4.0.",
    ),
    "en": (
        "We would like to meet the region's universities and large companies and join the "
        "cluster's trade missions.",
    ),
}

STATUS_REASONS = {
    "suspended": (
        "Zaległości w opłacaniu składek członkowskich za dwa kwartały.",
        "Zawieszenie na wniosek członka na czas restrukturyzacji.",
        "Brak udziału w pracach klastra przez ponad rok.",
    ),
    "withdrawn": (
        "Wypowiedzenie umowy partnerstwa z powodu zmiany profilu działalności.",
        "Rezygnacja z członkostwa po przejęciu spółki przez inwestora zagranicznego.",
        "Likwidacja działalności gospodarczej.",
    ),
    "rejected": ("Działalność wnioskodawcy nie odpowiada profilowi klastra.",),
}


@dataclass(frozen=True)
class CompetenceSpec:
    slug: str
    kind: str  # competence, technology, market or certification
    names: dict  # language code -> name
    sectors: tuple[str, ...]  # the sectors whose members name it; () for any company


def _names(pl, en, de, fr, ru):
    return {"pl": pl, "en": en, "de": de, "fr": fr, "ru": ru}


# The vocabulary an ICT, metal and logistics cluster describes its members with. The board's demo
# posts (cooperation/demo.py) name terms by these slugs.
COMPETENCES = (
    CompetenceSpec(
        "software-development",
        "competence",
        _names(
            "Tworzenie oprogramowania na zamówienie",
            "Custom software development",
            "Individuelle Softwareentwicklung",
            "Développement de logiciels sur mesure",
            "Разработка программного обеспечения на заказ",
        ),
        ("software", "ict", "data"),
    ),
    CompetenceSpec(
        "system-integration",
        "competence",
        _names(
            "Integracja systemów IT",
            "IT systems integration",
            "IT-Systemintegration",
            "Intégration de systèmes informatiques",
            "Интеграция ИТ-систем",
        ),
        ("ict", "software", "telecommunications"),
    ),
    CompetenceSpec(
        "erp",
        "competence",
        _names(
            "Wdrożenia systemów ERP",
            "ERP implementation",
            "ERP-Einführung",
            "Déploiement de progiciels de gestion intégrés (ERP)",
            "Внедрение ERP-систем",
        ),
        ("software", "ict", "consulting"),
    ),
    CompetenceSpec(
        "cybersecurity-audit",
        "competence",
        _names(
            "Audyty bezpieczeństwa IT",
            "IT security audits",
            "IT-Sicherheitsaudits",
            "Audits de sécurité informatique",
            "Аудит информационной безопасности",
        ),
        ("cybersecurity", "ict"),
    ),
    CompetenceSpec(
        "cnc-machining",
        "competence",
        _names(
            "Obróbka skrawaniem CNC",
            "CNC machining",
            "CNC-Zerspanung",
            "Usinage CNC",
            "Механическая обработка на станках с ЧПУ",
        ),
        ("metal", "automation"),
    ),
    CompetenceSpec(
        "welding",
        "competence",
        _names(
            "Spawanie konstrukcji stalowych",
            "Welding of steel structures",
            "Schweißen von Stahlkonstruktionen",
            "Soudage de structures en acier",
            "Сварка стальных конструкций",
        ),
        ("metal", "maritime"),
    ),
    CompetenceSpec(
        "laser-cutting",
        "competence",
        _names(
            "Cięcie laserowe i gięcie blach",
            "Laser cutting and sheet-metal bending",
            "Laserschneiden und Blechbiegen",
            "Découpe laser et pliage de tôles",
            "Лазерная резка и гибка листового металла",
        ),
        ("metal",),
    ),
    CompetenceSpec(
        "automation",
        "competence",
        _names(
            "Automatyka przemysłowa i programowanie PLC",
            "Industrial automation and PLC programming",
            "Industrieautomatisierung und SPS-Programmierung",
            "Automatismes industriels et programmation d'automates",
            "Промышленная автоматизация и программирование ПЛК",
        ),
        ("automation", "robotics", "electronics", "energy"),
    ),
    CompetenceSpec(
        "robotics",
        "competence",
        _names(
            "Integracja robotów przemysłowych",
            "Industrial robot integration",
            "Integration von Industrierobotern",
            "Intégration de robots industriels",
            "Интеграция промышленных роботов",
        ),
        ("robotics", "automation"),
    ),
    CompetenceSpec(
        "pcb-design",
        "competence",
        _names(
            "Projektowanie elektroniki i płytek drukowanych",
            "Electronics and PCB design",
            "Elektronik- und Leiterplattenentwicklung",
            "Conception électronique et de circuits imprimés",
            "Проектирование электроники и печатных плат",
        ),
        ("electronics", "medtech", "telecommunications"),
    ),
    CompetenceSpec(
        "freight-forwarding",
        "competence",
        _names(
            "Spedycja międzynarodowa",
            "International freight forwarding",
            "Internationale Spedition",
            "Commission de transport international",
            "Международное экспедирование грузов",
        ),
        ("logistics", "maritime"),
    ),
    CompetenceSpec(
        "warehousing",
        "competence",
        _names(
            "Magazynowanie i dystrybucja",
            "Warehousing and distribution",
            "Lagerhaltung und Distribution",
            "Entreposage et distribution",
            "Складирование и дистрибуция",
        ),
        ("logistics",),
    ),
    CompetenceSpec(
        "cold-chain",
        "competence",
        _names(
            "Logistyka chłodnicza",
            "Cold-chain logistics",
            "Kühlkettenlogistik",
            "Logistique du froid",
            "Логистика холодовой цепи",
        ),
        ("logistics",),
    ),
    CompetenceSpec(
        "port-handling",
        "competence",
        _names(
            "Przeładunki portowe",
            "Port cargo handling",
            "Hafenumschlag",
            "Manutention portuaire",
            "Портовая перевалка грузов",
        ),
        ("maritime", "logistics"),
    ),
    CompetenceSpec(
        "contract-research",
        "competence",
        _names(
            "Prace badawczo-rozwojowe na zlecenie",
            "Contract research and development",
            "Auftragsforschung und -entwicklung",
            "Recherche et développement sous contrat",
            "Научные исследования и разработки по заказу",
        ),
        ("education", "medtech", "energy", "data"),
    ),
    CompetenceSpec(
        "training",
        "competence",
        _names(
            "Szkolenia specjalistyczne",
            "Specialist training",
            "Fachschulungen",
            "Formations spécialisées",
            "Специализированное обучение",
        ),
        ("education", "consulting", "cybersecurity"),
    ),
    CompetenceSpec(
        "funding-applications",
        "competence",
        _names(
            "Przygotowanie wniosków o dofinansowanie",
            "Preparing funding applications",
            "Erstellung von Förderanträgen",
            "Montage de dossiers de demande de subvention",
            "Подготовка заявок на грантовое финансирование",
        ),
        ("consulting",),
    ),
    CompetenceSpec(
        "cloud",
        "technology",
        _names(
            "Chmura obliczeniowa",
            "Cloud computing",
            "Cloud-Computing",
            "Informatique en nuage",
            "Облачные вычисления",
        ),
        ("ict", "software", "data"),
    ),
    CompetenceSpec(
        "iot",
        "technology",
        _names(
            "Internet rzeczy (IoT)",
            "Internet of Things (IoT)",
            "Internet der Dinge (IoT)",
            "Internet des objets (IoT)",
            "Интернет вещей (IoT)",
        ),
        ("electronics", "telecommunications", "automation", "energy"),
    ),
    CompetenceSpec(
        "5g",
        "technology",
        _names(
            "Sieci 5G i łączność radiowa",
            "5G networks and radio communication",
            "5G-Netze und Funkkommunikation",
            "Réseaux 5G et radiocommunications",
            "Сети 5G и радиосвязь",
        ),
        ("telecommunications",),
    ),
    CompetenceSpec(
        "metal-3d-printing",
        "technology",
        _names(
            "Druk 3D z metalu",
            "Metal 3D printing",
            "3D-Metalldruck",
            "Impression 3D métal",
            "3D-печать металлом",
        ),
        ("metal", "medtech", "robotics"),
    ),
    CompetenceSpec(
        "digital-twin",
        "technology",
        _names(
            "Cyfrowy bliźniak",
            "Digital twin",
            "Digitaler Zwilling",
            "Jumeau numérique",
            "Цифровой двойник",
        ),
        ("automation", "data", "energy", "maritime"),
    ),
    CompetenceSpec(
        "wms",
        "technology",
        _names(
            "Systemy zarządzania magazynem (WMS)",
            "Warehouse management systems (WMS)",
            "Lagerverwaltungssysteme (WMS)",
            "Systèmes de gestion d'entrepôt (WMS)",
            "Системы управления складом (WMS)",
        ),
        ("logistics", "software"),
    ),
    CompetenceSpec(
        "ai",
        "technology",
        _names(
            "Sztuczna inteligencja i analiza danych",
            "Artificial intelligence and data analytics",
            "Künstliche Intelligenz und Datenanalyse",
            "Intelligence artificielle et analyse de données",
            "Искусственный интеллект и анализ данных",
        ),
        ("data", "software", "robotics", "medtech"),
    ),
    CompetenceSpec(
        "market-germany",
        "market",
        _names("Niemcy", "Germany", "Deutschland", "Allemagne", "Германия"),
        (),
    ),
    CompetenceSpec(
        "market-nordics",
        "market",
        _names(
            "Kraje nordyckie",
            "Nordic countries",
            "Nordische Länder",
            "Pays nordiques",
            "Северные страны",
        ),
        (),
    ),
    CompetenceSpec(
        "market-baltics",
        "market",
        _names(
            "Kraje bałtyckie", "Baltic states", "Baltische Staaten", "Pays baltes", "Страны Балтии"
        ),
        (),
    ),
    CompetenceSpec(
        "market-ukraine",
        "market",
        _names("Ukraina", "Ukraine", "Ukraine", "Ukraine", "Украина"),
        (),
    ),
    CompetenceSpec(
        "public-procurement",
        "market",
        _names(
            "Zamówienia publiczne",
            "Public procurement",
            "Öffentliche Auftragsvergabe",
            "Marchés publics",
            "Государственные закупки",
        ),
        ("ict", "software", "consulting", "cybersecurity"),
    ),
    CompetenceSpec(
        "automotive",
        "market",
        _names(
            "Przemysł motoryzacyjny",
            "Automotive industry",
            "Automobilindustrie",
            "Industrie automobile",
            "Автомобильная промышленность",
        ),
        ("metal", "automation", "electronics", "robotics"),
    ),
    CompetenceSpec(
        "offshore-wind",
        "market",
        _names(
            "Morska energetyka wiatrowa",
            "Offshore wind energy",
            "Offshore-Windenergie",
            "Éolien en mer",
            "Морская ветроэнергетика",
        ),
        ("energy", "maritime", "metal"),
    ),
    CompetenceSpec(
        "iso-9001",
        "certification",
        _names(
            "ISO 9001 (zarządzanie jakością)",
            "ISO 9001 (quality management)",
            "ISO 9001 (Qualitätsmanagement)",
            "ISO 9001 (management de la qualité)",
            "ISO 9001 (менеджмент качества)",
        ),
        (),
    ),
    CompetenceSpec(
        "iso-27001",
        "certification",
        _names(
            "ISO/IEC 27001 (bezpieczeństwo informacji)",
            "ISO/IEC 27001 (information security)",
            "ISO/IEC 27001 (Informationssicherheit)",
            "ISO/IEC 27001 (sécurité de l'information)",
            "ISO/IEC 27001 (информационная безопасность)",
        ),
        ("ict", "software", "cybersecurity", "data"),
    ),
    CompetenceSpec(
        "iso-14001",
        "certification",
        _names(
            "ISO 14001 (zarządzanie środowiskowe)",
            "ISO 14001 (environmental management)",
            "ISO 14001 (Umweltmanagement)",
            "ISO 14001 (management environnemental)",
            "ISO 14001 (экологический менеджмент)",
        ),
        ("metal", "energy", "logistics", "maritime"),
    ),
    CompetenceSpec(
        "en-1090",
        "certification",
        _names(
            "EN 1090 (wykonawstwo konstrukcji stalowych)",
            "EN 1090 (execution of steel structures)",
            "EN 1090 (Ausführung von Stahltragwerken)",
            "EN 1090 (exécution des structures en acier)",
            "EN 1090 (изготовление стальных конструкций)",
        ),
        ("metal", "maritime"),
    ),
    CompetenceSpec(
        "aeo",
        "certification",
        _names(
            "Upoważniony przedsiębiorca (AEO)",
            "Authorised Economic Operator (AEO)",
            "Zugelassener Wirtschaftsbeteiligter (AEO)",
            "Opérateur économique agréé (OEA)",
            "Уполномоченный экономический оператор (AEO)",
        ),
        ("logistics", "maritime"),
    ),
)
