import pytest
from members.models import Organisation
from accounts.models import User

@pytest.mark.django_db
def test_no_leak():
    assert Organisation.objects.count() == 0
    assert User.objects.count() == 0
