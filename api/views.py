"""The REST API's endpoints: the same selectors, services and role checks as the pages.

Every view declares the scope a token needs (`required_scope`, and `write_scope` for its writes);
a logged-in session needs none and is held to the same role checks. Objects a user may not see
answer 404, as on the pages.
"""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
)
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from accounts import roles as account_roles
from agreements import selectors as agreement_selectors
from cooperation import selectors as cooperation_selectors
from events import selectors as event_selectors
from events import services as event_services
from events.models import Event, Registration
from members import roles as member_roles
from members import selectors as member_selectors
from members import services as member_services
from members.models import Organisation
from news import selectors as news_selectors
from news.models import Article
from projects import selectors as project_selectors
from resolutions import selectors as resolution_selectors
from resolutions.access import can_manage_resolutions

from . import filters, selectors, serializers
from .models import ApiToken
from .permissions import IsCoordinator, TokenScope, token_of

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}

LANG_PARAMETER = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=sorted(LANGUAGE_CODES),
    description="The language of translated texts (else Accept-Language; Polish is the fallback).",
)


def service_errors(error: DjangoValidationError) -> ValidationError:
    """Turn a service's Django ValidationError into the API's 400, keyed by field."""
    if hasattr(error, "error_dict"):
        return ValidationError(
            {
                field: [message for item in errors for message in item.messages]
                for field, errors in error.error_dict.items()
            }
        )
    return ValidationError({"detail": error.messages})


class PortalAPIView(generics.GenericAPIView):
    """The base of every endpoint: a read scope, the page's rules, the request's language."""

    required_scope = ApiToken.Scope.READ
    permission_classes = [TokenScope]
    # The cursor's order (see PortalCursorPagination): unique, so pages never skip or repeat.
    cursor_ordering: tuple[str, ...] = ("-pk",)

    def initial(self, request, *args, **kwargs):
        language = request.query_params.get("lang")
        if language in LANGUAGE_CODES:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        super().initial(request, *args, **kwargs)


@extend_schema(parameters=[LANG_PARAMETER])
class PortalListView(PortalAPIView, generics.ListAPIView):
    pass


@extend_schema(parameters=[LANG_PARAMETER])
class PortalDetailView(PortalAPIView, generics.RetrieveAPIView):
    lookup_url_kwarg = "key"

    def get_object(self):
        try:
            obj = self.fetch(self.kwargs[self.lookup_url_kwarg])
        except (ObjectDoesNotExist, ValueError) as error:
            raise Http404 from error
        if obj is None:
            raise Http404
        return obj

    def fetch(self, key):
        return self.get_queryset().get(**{self.lookup_field: key})


@extend_schema(exclude=True)
@api_view(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"])
@authentication_classes([])
@permission_classes([])
def not_found(request, rest):
    """Anything under /api/ that is no endpoint: a JSON 404."""
    raise NotFound


# --- Who am I -----------------------------------------------------------------------------------


class Me(PortalAPIView):
    """The account the request acts as, and the token's scopes and expiry."""

    permission_classes = [permissions.IsAuthenticated, TokenScope]
    serializer_class = serializers.MeSerializer

    def get(self, request):
        person = member_roles.person_of(request.user)
        data = {
            "email": request.user.email,
            "is_coordinator": account_roles.is_coordinator(request.user),
            "organisation": person.organisation.slug if person is not None else None,
            "token": token_of(request),
        }
        return Response(serializers.MeSerializer(data).data)


# --- Public reads: what the pages show each visitor ---------------------------------------------


class MemberList(PortalListView):
    """The public directory of active members."""

    serializer_class = serializers.DirectoryMemberSerializer
    filterset_class = filters.DirectoryFilter
    cursor_ordering = ("name", "pk")

    def get_queryset(self):
        return member_selectors.directory_organisations()


class MemberDetail(PortalDetailView):
    serializer_class = serializers.DirectoryProfileSerializer
    queryset = Organisation.objects.none()

    def fetch(self, key):
        return member_selectors.directory_profile(slug=key)


class EventList(PortalListView):
    """Events the requester may see, as on the events page: upcoming, or past with `past=true`."""

    serializer_class = serializers.EventSerializer
    filterset_class = filters.EventFilter

    def _past(self):
        return self.request.query_params.get("past") in {"true", "1"}

    @property
    def cursor_ordering(self):
        return ("-starts_at", "-pk") if self._past() else ("starts_at", "pk")

    def get_queryset(self):
        return event_selectors.events_for_list(user=self.request.user, past=self._past())

    @extend_schema(
        parameters=[
            OpenApiParameter("past", OpenApiTypes.BOOL, description="Past events, newest first.")
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class EventDetail(PortalDetailView):
    serializer_class = serializers.EventSerializer
    queryset = Event.objects.none()

    def fetch(self, key):
        return event_selectors.event_for_page(slug=key, user=self.request.user)


class ArticleList(PortalListView):
    """Published news."""

    serializer_class = serializers.ArticleSerializer
    filterset_class = filters.ArticleFilter
    cursor_ordering = ("-published_at", "-pk")

    def get_queryset(self):
        return news_selectors.articles_public()


class ArticleDetail(PortalDetailView):
    serializer_class = serializers.ArticleSerializer
    queryset = Article.objects.none()
    lookup_field = "slug"

    def get_queryset(self):
        # Drafts stay in the panel: the API shows what is published, to coordinators too.
        return news_selectors.articles_public()


def _resolutions_for(user):
    return resolution_selectors.resolutions_visible_to(
        user, managing=can_manage_resolutions(user)
    ).published()


class ResolutionList(PortalListView):
    """The register of resolutions, as the register page shows it to the requester."""

    serializer_class = serializers.ResolutionSerializer
    filterset_class = filters.ResolutionFilter

    def get_queryset(self):
        return _resolutions_for(self.request.user)


class ResolutionDetail(PortalDetailView):
    serializer_class = serializers.ResolutionSerializer
    lookup_field = "pk"

    def get_queryset(self):
        return _resolutions_for(self.request.user)

    def fetch(self, key):
        return self.get_queryset().get(pk=int(key))


class PartnerList(PortalListView):
    """Partners with an agreement in force."""

    serializer_class = serializers.PartnerSerializer
    cursor_ordering = ("name", "pk")

    def get_queryset(self):
        return agreement_selectors.partners_in_force()


class PartnerDetail(PortalDetailView):
    serializer_class = serializers.PartnerSerializer
    queryset = Organisation.objects.none()

    def fetch(self, key):
        return agreement_selectors.partner_public(slug=key)


def _sees_all_projects(user):
    return member_roles.sees_members_only_content(user)


class ProjectList(PortalListView):
    """The register of projects: public statuses, every status for members."""

    serializer_class = serializers.ProjectSerializer
    filterset_class = filters.ProjectFilter

    def get_queryset(self):
        return project_selectors.projects_visible(sees_all=_sees_all_projects(self.request.user))


class ProjectDetail(PortalDetailView):
    serializer_class = serializers.ProjectSerializer
    queryset = Organisation.objects.none()

    def fetch(self, key):
        return project_selectors.project_detail(
            slug=key, sees_all=_sees_all_projects(self.request.user)
        )


def _offers_for(user):
    return (
        cooperation_selectors.posts_on_board(user=user)
        .select_related("organisation")
        .prefetch_related("sectors", "competences")
    )


class OfferList(PortalListView):
    """The cooperation board: offers, requests, calls for partners and joint purchases."""

    serializer_class = serializers.OfferSerializer
    filterset_class = filters.OfferFilter
    # Newest first, as the board shows them, read along the board's index.
    cursor_ordering = ("-published_at", "-pk")

    def get_queryset(self):
        return _offers_for(self.request.user)


class OfferDetail(PortalDetailView):
    serializer_class = serializers.OfferSerializer
    lookup_field = "pk"

    def get_queryset(self):
        return _offers_for(self.request.user)

    def fetch(self, key):
        return self.get_queryset().get(pk=int(key))


# --- Registrations ------------------------------------------------------------------------------


class MyRegistrationList(PortalListView):
    """The requester's own registrations and those they made for colleagues."""

    permission_classes = [permissions.IsAuthenticated, TokenScope]
    serializer_class = serializers.MyRegistrationSerializer
    cursor_ordering = ("-registered_at", "-pk")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Registration.objects.none()
        return event_selectors.registrations_of(self.request.user)


class EventRegister(PortalAPIView):
    """Register oneself for an event, as its page does: seats, the waiting list, the limits."""

    permission_classes = [permissions.IsAuthenticated, TokenScope]
    required_scope = ApiToken.Scope.REGISTRATIONS_WRITE
    serializer_class = serializers.RegistrationRequestSerializer

    @extend_schema(responses={201: serializers.MyRegistrationSerializer})
    def post(self, request, key):
        try:
            event = event_selectors.event_for_registration(slug=key, user=request.user)
        except Event.DoesNotExist as error:
            raise Http404 from error
        person = member_roles.member_person_of(request.user)
        if person is None:
            refusal = event_selectors.audience_refusal(event, person=None)
            raise ValidationError(
                {"detail": [refusal or "Your account is not linked to a member organisation."]}
            )
        serializer = self.get_serializer(
            data=request.data, context={"questions": event_selectors.event_questions(event)}
        )
        serializer.is_valid(raise_exception=True)
        try:
            # One transaction: a refusal under the event's lock leaves no row behind.
            with transaction.atomic():
                registration = event_services.registration_create(
                    event=event,
                    actor=request.user,
                    person=person,
                    language=person.language,
                    answers=serializer.validated_data["answers"],
                )
        except DjangoValidationError as error:
            raise service_errors(error) from error
        return Response(
            serializers.MyRegistrationSerializer(registration).data, status=status.HTTP_201_CREATED
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "questions": []}


class RegistrationCancel(PortalAPIView):
    """Cancel one of one's registrations; a freed seat goes to the waiting list."""

    permission_classes = [permissions.IsAuthenticated, TokenScope]
    required_scope = ApiToken.Scope.REGISTRATIONS_WRITE
    serializer_class = serializers.MyRegistrationSerializer

    @extend_schema(request=None, responses={200: serializers.MyRegistrationSerializer})
    def post(self, request, key):
        try:
            registration = event_selectors.registrations_of(request.user).get(pk=int(key))
        except (Registration.DoesNotExist, ValueError) as error:
            raise Http404 from error
        try:
            registration, _promoted = event_services.registration_cancel(
                registration=registration, actor=request.user
            )
        except DjangoValidationError as error:
            raise service_errors(error) from error
        return Response(serializers.MyRegistrationSerializer(registration).data)


# --- A representative's organisation ------------------------------------------------------------


class IsRepresentative(permissions.BasePermission):
    def has_permission(self, request, view):
        return member_roles.represented_organisation(request.user) is not None


class MyOrganisation(PortalAPIView):
    """The profile of the organisation the requester represents, as "My organisation" edits it."""

    permission_classes = [permissions.IsAuthenticated, TokenScope, IsRepresentative]
    write_scope = ApiToken.Scope.ORGANISATION_WRITE
    serializer_class = serializers.MyOrganisationSerializer

    def get_object(self):
        return member_roles.represented_organisation(self.request.user)

    def get(self, request):
        return Response(self.get_serializer(self.get_object()).data)

    def patch(self, request):
        organisation = self.get_object()
        serializer = self.get_serializer(organisation, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        sectors = data.pop("sectors", None)
        competences = data.pop("competences", None)
        try:
            organisation = member_services.organisation_update(
                organisation=organisation,
                actor=request.user,
                data=data,
                sectors=sectors,
                competences=competences,
            )
        except DjangoValidationError as error:
            raise service_errors(error) from error
        return Response(self.get_serializer(organisation).data)


# --- The coordinator's registry -----------------------------------------------------------------


class CoordinatorListView(PortalListView):
    required_scope = ApiToken.Scope.COORDINATOR_READ
    permission_classes = [permissions.IsAuthenticated, TokenScope, IsCoordinator]


class OrganisationList(CoordinatorListView):
    """Every organisation of the registry, with all its fields."""

    serializer_class = serializers.OrganisationFullSerializer
    filterset_class = filters.OrganisationFilter

    def get_queryset(self):
        return member_selectors.organisations_for_panel()


class PersonList(CoordinatorListView):
    """Every person of the registry."""

    serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilter

    def get_queryset(self):
        return selectors.people_for_coordinator()


class RegistrationList(CoordinatorListView):
    """Every registration for every event."""

    serializer_class = serializers.RegistrationSerializer
    filterset_class = filters.RegistrationFilter

    def get_queryset(self):
        return selectors.registrations_for_coordinator()


class SubscriberList(CoordinatorListView):
    """The newsletter's subscribers."""

    serializer_class = serializers.SubscriberSerializer
    filterset_class = filters.SubscriberFilter

    def get_queryset(self):
        return news_selectors.subscribers_for_panel()
