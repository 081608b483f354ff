"""The demo agreements: created once, through the services, with real statuses."""

import datetime

import pytest
from django.core.management import call_command

from agreements.demo import OKIP_REFERENCE, agreements_seed
from agreements.models import Agreement, Partner

pytestmark = pytest.mark.django_db


def test_it_builds_the_okip_agreement_a_business_roaming_agreement_and_a_memorandum():
    assert agreements_seed() == 3

    okip = Agreement.objects.get(reference_number=OKIP_REFERENCE)
    assert okip.status == Agreement.Status.IN_FORCE
    assert okip.signed_on == datetime.date(2015, 6, 17)
    assert okip.signed_place == "Jastrzębie-Zdrój"
    assert okip.parties.count() == 6
    assert okip.areas.count() == 7
    kinds = dict(Agreement.objects.values_list("kind", "status"))
    assert kinds == {
        "cooperation": "in_force",
        "business_roaming": "in_force",
        "memorandum": "awaiting_signatures",
    }
    assert Partner.objects.filter(kind=Partner.Kind.FOREIGN_CLUSTER).exists()


def test_running_it_again_changes_nothing(capsys):
    call_command("seed_agreements")
    counts = (Agreement.objects.count(), Partner.objects.count())

    call_command("seed_agreements")

    assert (Agreement.objects.count(), Partner.objects.count()) == counts
    assert "0 created" in capsys.readouterr().out


def test_it_refuses_to_run_where_demo_data_is_not_allowed(settings):
    from django.core.management.base import CommandError

    settings.SEED_DEMO_ALLOWED = False

    with pytest.raises(CommandError):
        call_command("seed_agreements")
