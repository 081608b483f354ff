"""A member's developer finds the API tokens under "My data", creates a token with one scope,
uses it against the live API, and revokes it: the API refuses it at once."""

import json
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from api.models import ApiToken
from tests.factories import UserFactory, active_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _me(base_url, secret):
    request = urllib.request.Request(
        f"{base_url}/api/v1/me/",
        headers={"Authorization": f"Bearer {secret}", "Accept-Language": "en"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_a_member_creates_uses_and_revokes_an_api_token(page, log_in, live_server):
    user = UserFactory(email="dev@stocznia.example", verified_email=True)
    active_member(user=user, name="Stocznia Północna Sp. z o.o.")

    log_in(user.email)
    page.goto("/en/")
    page.get_by_role("link", name="My data").click()
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_text("You have no tokens yet.")).to_be_visible()
    page.get_by_role("link", name="Create a token").click()
    page.get_by_label("Name").fill("ERP sync")
    page.get_by_role("checkbox", name="Read what you may see").check()
    page.get_by_label("Expires after").select_option("30")
    page.get_by_role("button", name="Create the token").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your new API token")
    secret = page.get_by_label("ERP sync").input_value()
    token = ApiToken.objects.get(user=user)
    assert secret.startswith(f"cp_{token.prefix}_")
    status, me = _me(live_server.url, secret)
    assert status == 200
    assert me["email"] == user.email and me["token"]["scopes"] == ["read"]

    page.get_by_role("link", name="Back to your tokens").click()
    expect(page.get_by_role("row", name="ERP sync")).to_contain_text("read")
    page.get_by_role("button", name="Revoke ERP sync").click()
    expect(page.get_by_role("row", name="ERP sync")).to_contain_text("revoked")

    status, refusal = _me(live_server.url, secret)
    assert status == 401
    assert "revoked" in refusal["detail"]
