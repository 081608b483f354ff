"""CSV import: upload, preview with row-level errors, and all rows or none on confirmation."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from core.models import AuditEntry
from members.imports import IMPORT_COLUMNS
from members.models import Organisation, Person
from members.validators import nip_with_check_digit
from tests.factories import SectorFactory, active_member

pytestmark = pytest.mark.django_db

NIPS = [nip for nip in (nip_with_check_digit(f"77700000{n}") for n in range(10)) if nip]
HEADER = ["name", "kind", "nip", "city", "voivodeship", "sectors"]
REPRESENTATIVE = ["representative_first_name", "representative_last_name", "representative_email"]


def _csv(rows, *, header=HEADER, delimiter=";", bom=True):
    lines = [delimiter.join(header), *(delimiter.join(row) for row in rows)]
    text = "\r\n".join(lines) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def _upload(client, content, name="members.csv"):
    with translation.override("en"):
        url = reverse("panel:member_import")
    return client.post(url, {"file": SimpleUploadedFile(name, content, "text/csv")})


def _confirm(client, preview):
    payload = re.search(r'name="payload" value="([^"]+)"', preview.content.decode()).group(1)
    return client.post(reverse("panel:member_import_confirm"), {"payload": payload})


@pytest.fixture
def coordinator_client(client_for, coordinator):
    return client_for(coordinator)


@pytest.fixture
def sectors(db):
    return [SectorFactory(slug="ict", name="ICT"), SectorFactory(slug="robotics", name="Robotyka")]


def test_a_good_file_is_previewed_then_imported_in_full(coordinator_client, coordinator, sectors):
    content = _csv(
        [
            [
                "Żuławska Elektronika",
                "small",
                NIPS[0],
                "Malbork",
                "pomorskie",
                "ict|robotics",
                "Zofia",
                "Żak",
                "zofia@example.com",
            ],
            ["Uczelnia Morska", "university", NIPS[1], "Gdynia", "Pomorskie", "", "", "", ""],
        ],
        header=[*HEADER, *REPRESENTATIVE],
    )
    preview = _upload(coordinator_client, content)
    assert preview.status_code == 200
    assert preview.context["errors"] == []
    assert not Organisation.objects.exists()

    response = _confirm(coordinator_client, preview)
    assert response.status_code == 302
    member = Organisation.objects.get(name="Żuławska Elektronika")
    assert member.status == Organisation.Status.ACTIVE
    assert member.primary_representative.email == "zofia@example.com"
    assert set(member.sectors.values_list("slug", flat=True)) == {"ict", "robotics"}
    applicant = Organisation.objects.get(name="Uczelnia Morska")
    assert applicant.status == Organisation.Status.APPLICANT
    assert applicant.voivodeship == "pomorskie"
    assert AuditEntry.objects.filter(action="organisation.imported", actor=coordinator).count() == 2


def test_a_comma_separated_file_without_bom_is_read(coordinator_client):
    content = _csv(
        [["Firma z przecinkiem", "micro", NIPS[0], "Toruń", "kujawsko-pomorskie", ""]],
        delimiter=",",
        bom=False,
    )
    preview = _upload(coordinator_client, content)
    assert preview.context["errors"] == []
    _confirm(coordinator_client, preview)
    assert Organisation.objects.filter(name="Firma z przecinkiem").exists()


def test_one_bad_row_imports_nothing_and_the_page_names_the_row_and_reason(coordinator_client):
    bad_nip = NIPS[2][:-1] + str((int(NIPS[2][-1]) + 1) % 10)
    content = _csv(
        [
            ["Pierwsza", "small", NIPS[0], "Gdańsk", "pomorskie", ""],
            ["Druga", "small", NIPS[1], "Gdańsk", "pomorskie", ""],
            ["Trzecia", "small", bad_nip, "Gdańsk", "pomorskie", ""],
        ]
    )
    preview = _upload(coordinator_client, content)
    html = preview.content.decode()
    message = "Row 4: NIP: This is not a valid NIP: its check digit does not match."
    assert preview.context["errors"] == [message]
    assert message in html
    assert 'name="payload"' not in html
    assert not Organisation.objects.exists()


def test_duplicates_in_the_file_and_in_the_registry_are_reported(coordinator_client):
    active_member(nip=NIPS[0])
    content = _csv(
        [
            ["Już jest", "small", NIPS[0], "Gdańsk", "pomorskie", ""],
            ["Pierwsza kopia", "small", NIPS[1], "Gdańsk", "pomorskie", ""],
            ["Druga kopia", "small", NIPS[1], "Gdańsk", "pomorskie", ""],
        ]
    )
    errors = _upload(coordinator_client, content).context["errors"]
    assert errors == [
        "Row 2: NIP: An organisation with this NIP is already registered.",
        "Row 4: NIP: The same number is already in row 3.",
    ]


def test_unknown_codes_and_an_incomplete_representative_are_reported(coordinator_client):
    content = _csv(
        [["Zła", "giant", NIPS[0], "", "atlantyda", "ict|space", "Jan", "", ""]],
        header=[*HEADER, *REPRESENTATIVE],
    )
    errors = _upload(coordinator_client, content).context["errors"]
    assert any(error.startswith("Row 2: Kind:") for error in errors)
    assert any(error.startswith("Row 2: City:") for error in errors)
    assert any(error.startswith("Row 2: Voivodeship:") for error in errors)
    assert any("Unknown sector: ict, space" in error for error in errors)
    assert any(error.startswith("Row 2: Representative's e-mail:") for error in errors)


def test_the_confirmation_checks_again_and_imports_nothing_when_the_registry_changed(
    coordinator_client,
):
    content = _csv(
        [
            ["Pierwsza", "small", NIPS[0], "Gdańsk", "pomorskie", ""],
            ["Druga", "small", NIPS[1], "Gdańsk", "pomorskie", ""],
        ]
    )
    preview = _upload(coordinator_client, content)
    active_member(name="Szybsza", nip=NIPS[1])
    response = _confirm(coordinator_client, preview)
    assert response.status_code == 400
    assert "Row 3: NIP: An organisation with this NIP is already registered." in (
        response.content.decode()
    )
    assert not Organisation.objects.filter(name__in=["Pierwsza", "Druga"]).exists()


def test_a_forged_payload_imports_nothing(coordinator_client):
    response = coordinator_client.post(
        reverse("panel:member_import_confirm"), {"payload": "name;kind\nHacked;small"}
    )
    assert response.url == reverse("panel:member_import")
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("name;nip\nŁ;1".encode("cp1250"), "not UTF-8"),
        (b"name;kind;nip\nA;small;1\n", "Required columns are missing: city, voivodeship"),
        (b"name;kind;nip;city;voivodeship;colour\n", "Unknown columns: colour"),
        (b"name;kind;nip;city;voivodeship\n", "no organisations"),
        (b"", "empty"),
    ],
)
def test_an_unusable_file_gets_an_error_on_the_file_field(coordinator_client, content, message):
    response = _upload(coordinator_client, content)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])


def test_the_template_lists_every_column(coordinator_client):
    response = coordinator_client.get(reverse("panel:member_import_template"))
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    assert text.strip("\ufeff\r\n").split(";") == IMPORT_COLUMNS


def test_a_file_made_from_the_template_can_be_imported(coordinator_client, sectors):
    header = IMPORT_COLUMNS
    row = dict.fromkeys(header, "")
    row.update(
        name="Pełna Firma",
        short_name="PF",
        kind="medium",
        nip=NIPS[3],
        regon="012100784",
        krs="0000012345",
        street="ul. Długa 1",
        postal_code="80-001",
        city="Gdańsk",
        voivodeship="pomorskie",
        website="https://pelna.example",
        email="biuro@pelna.example",
        phone="+48 58 000 00 00",
        sectors="ict",
        representative_first_name="Ola",
        representative_last_name="Lis",
        representative_email="ola@pelna.example",
    )
    preview = _upload(coordinator_client, _csv([[row[column] for column in header]], header=header))
    assert preview.context["errors"] == []
    _confirm(coordinator_client, preview)
    organisation = Organisation.objects.get(name="Pełna Firma")
    assert (organisation.regon, organisation.krs) == ("012100784", "0000012345")
    assert Person.objects.get(organisation=organisation).email == "ola@pelna.example"
