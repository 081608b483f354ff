"""The coordinator panel for news, pages and the newsletter."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import coordinator_required
from core.forms import add_service_errors
from core.links import absolute_url
from core.panel import panel_render

from . import selectors, services
from .forms import (
    ArticleForm,
    CampaignForm,
    CampaignSendForm,
    LanguageForm,
    PageForm,
    SubscriberFilterForm,
)
from .models import Article, Campaign, Page

ARTICLES_PER_PAGE = 25
SUBSCRIBERS_PER_PAGE = 50
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _campaign_or_404(pk):
    try:
        return selectors.campaign_for_panel(pk=pk)
    except Campaign.DoesNotExist as error:
        raise Http404 from error


# --- Articles -----------------------------------------------------------------------------------


@coordinator_required
@require_safe
def index(request):
    """Articles, newest first, each with the languages it still lacks."""
    page = Paginator(
        selectors.articles_for_panel().order_by("-created_at", "-pk"), ARTICLES_PER_PAGE
    ).get_page(request.GET.get("page"))
    for article in page.object_list:
        article.missing = selectors.translations_missing(article, selectors.ARTICLE_REQUIRED)
    return panel_render(
        request,
        "news/article_list.html",
        {"page_obj": page, "articles": page.object_list, "section": "articles"},
    )


def _article_form_page(request, article=None):
    form = ArticleForm(request.POST or None, request.FILES or None, instance=article)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.article_save(
                actor=request.user,
                data=form.article_data(),
                tag_names=form.tag_names(),
                article=article,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The article has been saved."))
            return redirect("panel_news:article_edit", pk=saved.pk)
    missing = selectors.translations_missing(article, selectors.ARTICLE_REQUIRED) if article else []
    return panel_render(
        request,
        "news/article_form.html",
        {"form": form, "article": article, "missing": missing, "section": "articles"},
        status=400 if form.errors else 200,
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def article_create(request):
    return _article_form_page(request)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def article_edit(request, pk):
    return _article_form_page(request, get_object_or_404(Article, pk=pk))


# --- Pages --------------------------------------------------------------------------------------


@coordinator_required
@require_safe
def page_list(request):
    pages = list(selectors.pages_for_panel())
    for page in pages:
        page.missing = selectors.translations_missing(page, selectors.PAGE_REQUIRED)
    return panel_render(request, "news/page_list.html", {"pages": pages, "section": "pages"})


def _page_form_page(request, page=None):
    form = PageForm(request.POST or None, instance=page)
    if request.method == "POST" and form.is_valid():
        try:
            services.page_save(actor=request.user, data=form.page_data(), page=page)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The page has been saved."))
            return redirect("panel_news:page_list")
    missing = selectors.translations_missing(page, selectors.PAGE_REQUIRED) if page else []
    return panel_render(
        request,
        "news/page_form.html",
        {"form": form, "page": page, "missing": missing, "section": "pages"},
        status=400 if form.errors else 200,
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def page_create(request):
    return _page_form_page(request)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def page_edit(request, pk):
    return _page_form_page(request, get_object_or_404(Page, pk=pk))


# --- Campaigns ----------------------------------------------------------------------------------


@coordinator_required
@require_safe
def campaign_list(request):
    campaigns = selectors.campaigns_for_panel()
    return panel_render(
        request, "news/campaign_list.html", {"campaigns": campaigns, "section": "campaigns"}
    )


def _campaign_form_page(request, campaign=None):
    if campaign is not None and not campaign.is_editable:
        messages.error(request, _("A campaign that has started sending cannot be changed."))
        return redirect("panel_news:campaign_detail", pk=campaign.pk)
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.campaign_save(
                actor=request.user,
                data=form.campaign_data(),
                topics=list(form.cleaned_data["topics"]),
                action_groups=list(form.cleaned_data["action_groups"]),
                campaign=campaign,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The campaign has been saved."))
            return redirect("panel_news:campaign_detail", pk=saved.pk)
    return panel_render(
        request,
        "news/campaign_form.html",
        {"form": form, "campaign": campaign, "section": "campaigns"},
        status=400 if form.errors else 200,
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def campaign_create(request):
    return _campaign_form_page(request)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def campaign_edit(request, pk):
    return _campaign_form_page(request, _campaign_or_404(pk))


def _campaign_detail(request, campaign, *, send_form=None, test_form=None, status=200):
    counts = selectors.campaign_counts(campaign=campaign)
    audience_size = (
        len(selectors.campaign_audience(campaign=campaign))
        if campaign.is_editable
        else counts["total"]
    )
    return panel_render(
        request,
        "news/campaign_detail.html",
        {
            "campaign": campaign,
            "counts": counts,
            "audience_size": audience_size,
            "failures": selectors.campaign_failures(campaign=campaign),
            "missing": selectors.translations_missing(campaign, selectors.CAMPAIGN_REQUIRED),
            "languages": settings.LANGUAGES,
            "send_form": send_form or CampaignSendForm(),
            "test_form": test_form or LanguageForm(initial={"language": request.LANGUAGE_CODE}),
            "refreshing": campaign.status == Campaign.Status.SENDING,
            "section": "campaigns",
        },
        status=status,
    )


@coordinator_required
@require_safe
def campaign_detail(request, pk):
    """The campaign, who it reaches, and its queued, sent and failed counts while it goes out."""
    return _campaign_detail(request, _campaign_or_404(pk))


@coordinator_required
@require_POST
def campaign_send(request, pk):
    campaign = _campaign_or_404(pk)
    form = CampaignSendForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["when"] == CampaignSendForm.NOW:
                services.campaign_send_now(actor=request.user, campaign=campaign)
                messages.success(request, _("The campaign is being sent."))
            else:
                services.campaign_schedule(
                    actor=request.user, campaign=campaign, send_at=form.cleaned_data["send_at"]
                )
                messages.success(request, _("The campaign has been scheduled."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("panel_news:campaign_detail", pk=campaign.pk)
    return _campaign_detail(request, campaign, send_form=form, status=400)


@coordinator_required
@require_POST
def campaign_unschedule(request, pk):
    campaign = _campaign_or_404(pk)
    try:
        services.campaign_unschedule(actor=request.user, campaign=campaign)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The campaign is a draft again."))
    return redirect("panel_news:campaign_detail", pk=campaign.pk)


@coordinator_required
@require_POST
def campaign_test(request, pk):
    """Send the campaign in one language to the coordinator's own address."""
    campaign = _campaign_or_404(pk)
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return _campaign_detail(request, campaign, test_form=form, status=400)
    services.campaign_test_send(
        actor=request.user, campaign=campaign, language=form.cleaned_data["language"]
    )
    messages.success(
        request,
        _("A test message has been sent to %(email)s.") % {"email": request.user.email},
    )
    return redirect("panel_news:campaign_detail", pk=campaign.pk)


def _preview_language(language):
    if language not in LANGUAGE_CODES:
        raise Http404
    return language


def _preview(campaign, language):
    with translation.override(language):
        preferences_url = absolute_url(reverse("newsletter:subscribe"))
    return services.campaign_render(
        campaign=campaign, language=language, preferences_url=preferences_url
    )


@coordinator_required
@require_safe
def campaign_preview(request, pk, language):
    """The campaign as a recipient in `language` gets it: subject, text and a link to the HTML."""
    campaign = _campaign_or_404(pk)
    language = _preview_language(language)
    subject, text, _html = _preview(campaign, language)
    shown = selectors.content_language(campaign, language, selectors.CAMPAIGN_REQUIRED)
    return panel_render(
        request,
        "news/campaign_preview.html",
        {
            "campaign": campaign,
            "language": language,
            "languages": settings.LANGUAGES,
            "shown_in_fallback": shown != language,
            "subject": subject,
            "text": text,
            "section": "campaigns",
        },
    )


@coordinator_required
@require_safe
def campaign_preview_html(request, pk, language):
    """The HTML part of the mail, as a page of its own."""
    campaign = _campaign_or_404(pk)
    _subject, _text, html = _preview(campaign, _preview_language(language))
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    # The mail's HTML comes from our templates and sanitised text; still, it may run nothing.
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src https: data:; style-src 'unsafe-inline'"
    )
    return response


# --- Subscribers --------------------------------------------------------------------------------


@coordinator_required
@require_safe
def subscriber_list(request):
    form = SubscriberFilterForm(request.GET)
    state = form.cleaned_data["state"] if form.is_valid() else ""
    page = Paginator(selectors.subscribers_for_panel(state=state), SUBSCRIBERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return panel_render(
        request,
        "news/subscriber_list.html",
        {
            "form": form,
            "page_obj": page,
            "subscribers": page.object_list,
            "counts": selectors.subscriber_counts(),
            "section": "subscribers",
        },
    )
