"""What the API shows of each object: the fields its public page shows, translated texts in the
request's language with the Polish fallback named (`language`, `fallback`)."""

from django.conf import settings
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agreements.models import Partner
from cooperation.models import Post
from core.i18n import fallback_language
from events.models import Event, EventQuestion, Registration
from events.selectors import seats_left
from members.models import (
    DESCRIPTION_FIELDS,
    ORGANISATION_FIELDS,
    Competence,
    Organisation,
    Person,
    Sector,
)
from news.models import Article, Subscriber
from projects.models import Project
from resolutions.models import Resolution

from .models import ApiToken


class TranslatedSerializer(serializers.ModelSerializer):
    """Adds `language` (the language the translated fields are shown in) and `fallback` (true
    when they are shown in Polish because the request's language has no translation)."""

    translated_fields: tuple[str, ...] = ()

    language = serializers.SerializerMethodField()
    fallback = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(choices=settings.LANGUAGES))
    def get_language(self, obj) -> str:
        return fallback_language(obj, self.translated_fields) or get_language()

    def get_fallback(self, obj) -> bool:
        return bool(fallback_language(obj, self.translated_fields))


class SlugsField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", many=True, read_only=True, **kwargs)


# --- Public reads -------------------------------------------------------------------------------


class DirectoryMemberSerializer(serializers.ModelSerializer):
    sectors = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = ["slug", "name", "short_name", "kind", "city", "voivodeship", "website", "sectors"]


class DirectoryProfileSerializer(TranslatedSerializer):
    translated_fields = ("description",)
    sectors = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    competences = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "slug",
            "name",
            "short_name",
            "kind",
            "city",
            "voivodeship",
            "website",
            "sectors",
            "competences",
            "keywords",
            "description",
            "language",
            "fallback",
        ]


class EventSerializer(TranslatedSerializer):
    translated_fields = ("title", "description")
    seats_left = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "slug",
            "title",
            "description",
            "programme",
            "kind",
            "audience",
            "status",
            "starts_at",
            "ends_at",
            "venue",
            "capacity",
            "seats_left",
            "waitlist_enabled",
            "registration_opens_at",
            "registration_closes_at",
            "language",
            "fallback",
        ]

    def get_seats_left(self, obj) -> int | None:
        if not hasattr(obj, "seats_taken"):
            return None
        return seats_left(obj)


class ArticleSerializer(TranslatedSerializer):
    translated_fields = ("title", "lead", "body")
    tags = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Article
        fields = [
            "slug",
            "title",
            "lead",
            "body",
            "category",
            "tags",
            "published_at",
            "language",
            "fallback",
        ]


class ResolutionSerializer(TranslatedSerializer):
    translated_fields = ("title", "content")
    body = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Resolution
        fields = [
            "id",
            "body",
            "number",
            "year",
            "title",
            "content",
            "status",
            "outcome",
            "is_public",
            "meeting_date",
            "voting_closes_at",
            "votes_for",
            "votes_against",
            "votes_abstain",
            "language",
            "fallback",
        ]


class PartnerSerializer(TranslatedSerializer):
    translated_fields = ("description",)
    country = serializers.CharField(source="country.code", read_only=True)

    class Meta:
        model = Partner
        fields = [
            "slug",
            "name",
            "short_name",
            "kind",
            "country",
            "region",
            "city",
            "website",
            "description",
            "language",
            "fallback",
        ]


class ProjectSerializer(TranslatedSerializer):
    translated_fields = ("title", "summary")

    class Meta:
        model = Project
        fields = [
            "slug",
            "acronym",
            "title",
            "summary",
            "programme",
            "status",
            "cluster_role",
            "starts_on",
            "ends_on",
            "language",
            "fallback",
        ]


class OfferSerializer(TranslatedSerializer):
    translated_fields = ("title", "description")
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    sectors = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    competences = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Post
        fields = [
            "id",
            "kind",
            "title",
            "description",
            "organisation",
            "sectors",
            "competences",
            "visibility",
            "valid_until",
            "published_at",
            "language",
            "fallback",
        ]


# --- One's own registrations and the registration endpoint ---------------------------------------


class MyRegistrationSerializer(serializers.ModelSerializer):
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "event",
            "sequence",
            "status",
            "first_name",
            "last_name",
            "registered_at",
            "cancelled_at",
        ]


class RegistrationRequestSerializer(serializers.Serializer):
    """The answers to the event's own questions, by the question's id."""

    answers = serializers.DictField(child=serializers.JSONField(), required=False, default=dict)

    def validate_answers(self, value):
        """Check the answers as the event's page does: the type of each, the required ones."""
        questions = self.context["questions"]
        known = {str(question.pk): question for question in questions}
        errors, clean = {}, {}
        if len(value) > len(known):
            raise serializers.ValidationError("More answers than the event has questions.")
        for key in value:
            if key not in known:
                errors[key] = "This event asks no such question."
        for key, question in known.items():
            answer = value.get(key)
            if answer in (None, ""):
                if question.required:
                    errors[key] = "This question needs an answer."
                continue
            if question.kind == EventQuestion.Kind.YES_NO:
                if not isinstance(answer, bool):
                    errors[key] = "Answer true or false."
                    continue
            elif question.kind == EventQuestion.Kind.CHOICE:
                if (
                    not isinstance(answer, int)
                    or isinstance(answer, bool)
                    or not 0 <= answer < len(question.option_list)
                ):
                    errors[key] = "Give the position of one of the options, from 0."
                    continue
            elif not isinstance(answer, str) or len(answer) > 1000:
                errors[key] = "Answer with text of at most 1000 characters."
                continue
            clean[key] = answer
        if errors:
            raise serializers.ValidationError(errors)
        return clean


# --- A representative's organisation ------------------------------------------------------------

PROFILE_FIELDS = [
    "short_name",
    "street",
    "postal_code",
    "city",
    "voivodeship",
    "website",
    "email",
    "phone",
    "employee_range",
    "keywords",
    *DESCRIPTION_FIELDS,
]


class MyOrganisationSerializer(serializers.ModelSerializer):
    """The fields of "My organisation" (its logo aside: upload it on the page)."""

    sectors = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Sector.objects.all(), required=False
    )
    competences = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Competence.objects.all(), required=False
    )
    keywords = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    class Meta:
        model = Organisation
        fields = ["slug", "name", *PROFILE_FIELDS, "sectors", "competences"]
        read_only_fields = ["slug", "name"]


# --- The coordinator's registry -----------------------------------------------------------------


class OrganisationFullSerializer(serializers.ModelSerializer):
    sectors = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "slug",
            *[name for name in ORGANISATION_FIELDS if name != "logo"],
            "sectors",
            "employees",
            "status",
            "applied_on",
            "joined_on",
            "left_on",
        ]


class PersonSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "first_name",
            "last_name",
            "position",
            "email",
            "phone",
            "organisation",
            "role",
            "is_public_contact",
            "language",
        ]


class RegistrationSerializer(serializers.ModelSerializer):
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "event",
            "sequence",
            "status",
            "person",
            "organisation",
            "first_name",
            "last_name",
            "email",
            "organisation_name",
            "language",
            "registered_at",
            "cancelled_at",
            "checked_in_at",
        ]


class SubscriberSerializer(serializers.ModelSerializer):
    topics = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Subscriber
        fields = ["id", "email", "language", "state", "topics", "confirmed_at", "unsubscribed_at"]


class TokenInfoSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["name", "prefix", "scopes", "expires_at", "created_at", "last_used_at"]


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    is_coordinator = serializers.BooleanField()
    organisation = serializers.CharField(allow_null=True)
    token = TokenInfoSerializer(allow_null=True)
