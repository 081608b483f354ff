"""Public pages: the news list, articles and the cluster's editable pages."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from core.lazy import lazy_values

from . import selectors
from .models import Article, Page

ARTICLES_PER_PAGE = 10


@require_safe
def article_list(request, category=""):
    """Published news, newest first, optionally of one category."""
    if category and category not in Article.Category.values:
        raise Http404

    def listing():
        page = Paginator(selectors.articles_public(category=category), ARTICLES_PER_PAGE).get_page(
            request.GET.get("page")
        )
        selectors.with_content_language(page.object_list, get_language())
        return {"page_obj": page, "articles": page.object_list}

    return render(
        request,
        "news/list.html",
        {
            **lazy_values(listing, "page_obj", "articles"),
            "categories": Article.Category.choices,
            "category": category,
            "category_label": Article.Category(category).label if category else "",
        },
    )


@require_safe
def article(request, slug):
    """One article in the visitor's language, or in Polish with a note when not translated."""
    try:
        article = selectors.article_for_reader(slug=slug, user=request.user)
    except Article.DoesNotExist as error:
        raise Http404 from error
    language = get_language()
    selectors.with_content_language([article], language)
    return render(
        request,
        "news/article.html",
        {
            "article": article,
            "shown_in_fallback": article.content_language != language,
            "canonical_url": request.build_absolute_uri(article.get_absolute_url()),
            "cover_url": request.build_absolute_uri(article.cover.url) if article.cover else "",
        },
    )


@require_safe
def page(request, slug):
    try:
        page = selectors.pages_public().get(slug=slug)
    except Page.DoesNotExist as error:
        raise Http404 from error
    language = get_language()
    selectors.with_content_language([page], language, selectors.PAGE_REQUIRED)
    return render(
        request,
        "news/page.html",
        {
            "page": page,
            "shown_in_fallback": page.content_language != language,
        },
    )
