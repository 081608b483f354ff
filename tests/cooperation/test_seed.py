"""The demo board: built from the demo members that exist, and once only."""

import io

import pytest
from django.core.management import call_command

from cooperation.demo import POSTS
from cooperation.models import Post
from tests.factories import active_member

pytestmark = pytest.mark.django_db


def test_the_demo_board_is_built_once_from_the_members_there_are(settings):
    settings.SEED_DEMO_ALLOWED = True
    slugs = {spec.organisation for spec in POSTS}
    for slug in sorted(slugs):
        active_member(slug=slug, name=f"Demo {slug}")
    call_command("seed_cooperation", stdout=io.StringIO())
    assert Post.objects.count() == len(POSTS)
    kinds = set(Post.objects.values_list("kind", flat=True))
    assert kinds == set(Post.Kind.values)
    statuses = set(Post.objects.values_list("status", flat=True))
    assert {"published", "expired", "pending"} <= statuses
    assert Post.objects.filter(visibility="members").exists()
    assert Post.objects.exclude(title_en="").count() == len(POSTS)

    call_command("seed_cooperation", stdout=io.StringIO())
    assert Post.objects.count() == len(POSTS)


def test_without_the_demo_members_nothing_is_invented(settings):
    settings.SEED_DEMO_ALLOWED = True
    call_command("seed_cooperation", stdout=io.StringIO())
    assert not Post.objects.exists()
