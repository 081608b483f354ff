"""Who may open each page: everyone the public pages, members the agreements and documents,
coordinators the panel. Anonymous visitors are sent to log in; others without the role get 403."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements import services
from agreements.models import Agreement

from .factories import PartnerFactory, make_agreement
from .pdfs import minimal_pdf

pytestmark = pytest.mark.django_db

PERSONAS = ["outsider", "employee", "representative", "council_member", "coordinator"]
MEMBERS = {"employee", "representative", "council_member", "coordinator"}

PUBLIC_PAGES = [
    ("partnerships:index", None),
    ("partnerships:network_svg", None),
    ("partnerships:partner", "partner_slug"),
]
MEMBER_PAGES = [
    ("partnerships:agreement_list", None),
    ("partnerships:agreement", "agreement"),
    ("partnerships:agreement_scan", "agreement"),
    ("partnerships:agreement_document", "agreement"),
]
# (url name, which object it takes, method)
PANEL_PAGES = [
    ("index", None, "GET"),
    ("agreement_create", None, "GET"),
    ("agreement_detail", "agreement", "GET"),
    ("agreement_edit", "agreement", "GET"),
    ("agreement_terminate", "agreement", "GET"),
    ("agreement_scan_upload", "agreement", "GET"),
    ("agreement_negotiate", "draft", "POST"),
    ("agreement_send", "draft", "POST"),
    ("agreement_reopen", "awaiting", "POST"),
    ("agreement_document", "agreement", "POST"),
    ("party_add", "draft", "GET"),
    ("party_edit", "party", "GET"),
    ("party_signature", "awaiting_party", "GET"),
    ("party_remove", "draft_party", "POST"),
    ("partner_list", None, "GET"),
    ("partner_create", None, "GET"),
    ("partner_edit", "partner", "GET"),
]


@pytest.fixture
def objects():
    partner = PartnerFactory(slug="jki")
    agreement = make_agreement(status=Agreement.Status.IN_FORCE, partners=[partner])
    services.agreement_scan_attach(
        agreement=agreement, actor=None, upload=SimpleUploadedFile("s.pdf", minimal_pdf())
    )
    # The rendered PDF itself is tested elsewhere; here any stored document will do.
    agreement.refresh_from_db()
    agreement.document.save("agreement.pdf", ContentFile(minimal_pdf()))
    draft = make_agreement()
    awaiting = make_agreement(status=Agreement.Status.AWAITING_SIGNATURES)
    return {
        "partner": partner,
        "partner_slug": partner,
        "agreement": agreement,
        "party": agreement.parties.first(),
        "draft": draft,
        "draft_party": draft.parties.filter(partner__isnull=False).first(),
        "awaiting": awaiting,
        "awaiting_party": awaiting.parties.first(),
    }


def _url(objects, name, kind):
    if kind is None:
        return reverse(name)
    target = objects[kind]
    return reverse(name, args=[target.slug if kind == "partner_slug" else target.pk])


@pytest.mark.parametrize(("name", "kind"), PUBLIC_PAGES)
@pytest.mark.parametrize("persona", [None, *PERSONAS])
def test_everyone_sees_the_public_pages(request, client_for, objects, name, kind, persona):
    user = request.getfixturevalue(persona) if persona else None
    assert client_for(user).get(_url(objects, name, kind)).status_code == 200


@pytest.mark.parametrize(("name", "kind"), MEMBER_PAGES)
def test_anonymous_visitors_are_sent_to_log_in_for_members_pages(client_for, objects, name, kind):
    response = client_for(None).get(_url(objects, name, kind))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(("name", "kind"), MEMBER_PAGES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_members_and_coordinators_see_every_agreement_and_its_documents(
    request, client_for, objects, name, kind, persona
):
    response = client_for(request.getfixturevalue(persona)).get(_url(objects, name, kind))
    assert response.status_code == (200 if persona in MEMBERS else 403)


@pytest.mark.parametrize(("name", "kind", "method"), PANEL_PAGES)
@pytest.mark.parametrize("persona", [None, *PERSONAS])
def test_only_coordinators_open_the_panel(
    request, client_for, objects, name, kind, method, persona
):
    user = request.getfixturevalue(persona) if persona else None
    client = client_for(user)
    url = _url(objects, f"panel_agreements:{name}", kind)

    response = client.post(url) if method == "POST" else client.get(url)

    if persona is None:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif persona == "coordinator":
        assert response.status_code == (302 if method == "POST" else 200)
    else:
        assert response.status_code == 403


def test_a_partner_without_an_agreement_in_force_has_no_public_page(client_for, objects):
    negotiating = PartnerFactory(slug="w-negocjacjach")
    make_agreement(status=Agreement.Status.AWAITING_SIGNATURES, partners=[negotiating])

    response = client_for(None).get(reverse("partnerships:partner", args=["w-negocjacjach"]))

    assert response.status_code == 404


def test_a_missing_agreement_or_document_answers_404(client_for, employee, objects):
    client = client_for(employee)
    draft = objects["draft"]

    assert client.get(reverse("partnerships:agreement", args=[999999])).status_code == 404
    assert client.get(reverse("partnerships:agreement_scan", args=[draft.pk])).status_code == 404


def test_documents_are_not_reachable_through_the_public_media_url(client_for, objects):
    agreement = objects["agreement"]

    response = client_for(None).get(f"/media/{agreement.scan.name}")

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["agreement_negotiate", "agreement_send", "party_remove"])
def test_state_changes_refuse_get(client_for, coordinator, objects, name):
    kind = "draft_party" if name == "party_remove" else "draft"
    response = client_for(coordinator).get(_url(objects, f"panel_agreements:{name}", kind))
    assert response.status_code == 405
