"""Factories for the registry. Organisations get valid, unique NIPs."""

import itertools
import time

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.utils import timezone

from accounts.models import User
from members.models import ActionGroup, Competence, CouncilSeat, Organisation, Person, Sector
from members.validators import nip_with_check_digit


def _valid_nips():
    for number in itertools.count(100_000_000):
        nip = nip_with_check_digit(str(number))
        if nip:
            yield nip


_nips = _valid_nips()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = factory.Faker("first_name", locale="pl_PL")
    last_name = factory.Faker("last_name", locale="pl_PL")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def totp(user, create, extracted, **kwargs):
        """Give coordinators and admin staff the authenticator app the portal requires of them.

        totp=False leaves it off; totp=True turns it on for anyone.
        """
        required = user.is_coordinator or user.is_superuser or user.is_staff
        if create and (extracted or (extracted is None and required)):
            totp_activate(user)

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        """Verify the user's own e-mail address, as allauth lets only a verified address log in."""
        if create and extracted:
            EmailAddress.objects.update_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )


# The authenticator secret of every test coordinator (base32), so tests can compute its codes.
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_activate(user, secret=TEST_TOTP_SECRET):
    """Turn on two-factor authentication for `user` with a known secret; do nothing if it is on."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)
    return user


def totp_code(secret=TEST_TOTP_SECRET, *, at=None):
    """Return the code an authenticator app with `secret` shows now (or at Unix time `at`)."""
    from allauth.mfa import app_settings

    moment = time.time() if at is None else at
    return format_hotp_value(hotp_value(secret, int(moment) // app_settings.TOTP_PERIOD))


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Sektor {n}")
    name_pl = factory.SelfAttribute("name")
    slug = factory.Sequence(lambda n: f"sector-{n}")


class CompetenceFactory(factory.django.DjangoModelFactory):
    """A term of the competence vocabulary, named in Polish (and, through `name`, in the active
    language)."""

    class Meta:
        model = Competence
        django_get_or_create = ["slug"]

    kind = Competence.Kind.COMPETENCE
    name = factory.Sequence(lambda n: f"Kompetencja {n}")
    name_pl = factory.SelfAttribute("name")
    slug = factory.Sequence(lambda n: f"competence-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An applicant by default; use `active_member()` for a member with its representative."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Firma {n} Sp. z o.o.")
    slug = factory.Sequence(lambda n: f"firma-{n}")
    kind = Organisation.Kind.SMALL
    nip = factory.LazyFunction(lambda: next(_nips))
    city = "Gdańsk"
    voivodeship = "pomorskie"
    status = Organisation.Status.APPLICANT
    applied_on = factory.LazyFunction(timezone.localdate)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name", locale="pl_PL")
    last_name = factory.Faker("last_name", locale="pl_PL")
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Person.Role.EMPLOYEE


class ActionGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionGroup

    name = factory.Sequence(lambda n: f"Grupa robocza {n}")
    name_pl = factory.SelfAttribute("name")
    slug = factory.Sequence(lambda n: f"group-{n}")


class CouncilSeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilSeat
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    term_start = factory.LazyFunction(lambda: timezone.localdate().replace(month=1, day=1))

    @factory.post_generation
    def totp(seat, create, extracted, **kwargs):
        """Give a chair with an account the authenticator app the portal requires of them.

        totp=False leaves it off, as for a chair who has not set it up yet.
        """
        user = seat.person.user
        if create and user is not None and (extracted or (extracted is None and seat.is_chair)):
            totp_activate(user)


def active_member(*, user=None, **fields):
    """Create an active member whose primary representative is a person (with `user`)."""
    organisation = OrganisationFactory(**fields)
    account = {"user": user, "email": user.email} if user else {}
    representative = PersonFactory(
        organisation=organisation, role=Person.Role.REPRESENTATIVE, **account
    )
    organisation.primary_representative = representative
    organisation.status = Organisation.Status.ACTIVE
    organisation.joined_on = timezone.localdate()
    organisation.save()
    return organisation
