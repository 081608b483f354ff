"""The filters each list takes, as query parameters (django-filter)."""

import django_filters

from cooperation.models import Post
from events.models import Event, Registration
from members.models import Organisation, Person, Voivodeship
from news.models import Article, Subscriber
from projects.models import Project
from resolutions.models import Resolution


class EventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Event.Kind.choices)
    audience = django_filters.ChoiceFilter(choices=Event.Audience.choices)
    starts_after = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="lt")

    class Meta:
        model = Event
        fields = ["kind", "audience"]


class ArticleFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(choices=Article.Category.choices)
    tag = django_filters.CharFilter(field_name="tags__slug", max_length=80)

    class Meta:
        model = Article
        fields = ["category"]


class ResolutionFilter(django_filters.FilterSet):
    body = django_filters.CharFilter(field_name="body__slug", max_length=80)
    year = django_filters.NumberFilter(field_name="year", min_value=1900, max_value=2999)
    outcome = django_filters.ChoiceFilter(choices=Resolution.Outcome.choices)

    class Meta:
        model = Resolution
        fields = ["year", "outcome"]


class ProjectFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Project.Status.choices)
    programme = django_filters.CharFilter(max_length=200)

    class Meta:
        model = Project
        fields = ["status", "programme"]


class OfferFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Post.Kind.choices)
    sector = django_filters.CharFilter(field_name="sectors__slug", max_length=100)
    competence = django_filters.CharFilter(field_name="competences__slug", max_length=120)

    class Meta:
        model = Post
        fields = ["kind"]


class DirectoryFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Organisation.Kind.choices)
    voivodeship = django_filters.ChoiceFilter(choices=Voivodeship.choices)
    sector = django_filters.CharFilter(field_name="sectors__slug", max_length=100)

    class Meta:
        model = Organisation
        fields = ["kind", "voivodeship"]


class OrganisationFilter(DirectoryFilter):
    status = django_filters.ChoiceFilter(choices=Organisation.Status.choices)

    class Meta:
        model = Organisation
        fields = ["kind", "voivodeship", "status"]


class PersonFilter(django_filters.FilterSet):
    organisation = django_filters.CharFilter(field_name="organisation__slug", max_length=120)

    class Meta:
        model = Person
        fields: list[str] = []


class RegistrationFilter(django_filters.FilterSet):
    event = django_filters.CharFilter(field_name="event__slug", max_length=220)
    status = django_filters.ChoiceFilter(choices=Registration.Status.choices)

    class Meta:
        model = Registration
        fields = ["status"]


class SubscriberFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=Subscriber.State.choices)

    class Meta:
        model = Subscriber
        fields = ["state"]
