import pytest

from .factories import PartnerFactory


@pytest.fixture
def partners(db):
    """Five regional clusters, as in the agreement of Jastrzębie-Zdrój."""
    return [
        PartnerFactory(name=name, city=city)
        for name, city in [
            ("Jastrzębski Klaster Innowacji", "Jastrzębie-Zdrój"),
            ("Polski Innowacyjny Klaster Medyczny PIKMED", "Katowice"),
            ("Klaster Innowacyjne Regiony", "Rybnik"),
            ("Polski Klaster Weterynaryjny", "Gliwice"),
            ("Klaster for Africa", "Katowice"),
        ]
    ]
