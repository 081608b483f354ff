"""The board's pages: the list and a post for everyone allowed, and the pages where an
organisation's people post, change and close their posts."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import role_required
from core.forms import add_service_errors
from core.storage import private_file_response
from members import roles as member_roles

from . import selectors, services
from .forms import AttachmentForm, BoardFilterForm, FulfilForm, PostForm
from .models import Post, PostAttachment

POSTS_PER_PAGE = 20

# The people of active members: they post for their organisation.
member_employee_required = role_required(member_roles.is_member_employee)


def get_post_for(request, pk):
    """Return a post the visitor may read; any other does not exist for them."""
    try:
        return selectors.post_for_page(pk=pk, user=request.user)
    except Post.DoesNotExist as error:
        raise Http404 from error


def _own_post_or_404(request, pk):
    """A post of the organisation the visitor works for; others' posts do not exist for them."""
    person = member_roles.member_person_of(request.user)
    try:
        return selectors.post_of_organisation(pk=pk, organisation=person.organisation)
    except Post.DoesNotExist as error:
        raise Http404 from error


def _refuse(request, error):
    messages.error(request, " ".join(error.messages))


# --- The board ----------------------------------------------------------------------------------


@require_safe
def board(request):
    form = BoardFilterForm(
        request.GET,
        competences=selectors.competences_on_board(),
        sectors=selectors.sectors_on_board(),
    )
    filters = form.filters()
    posts = selectors.board_search(user=request.user, **filters)
    page_obj = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "cooperation/board.html",
        {
            "form": form,
            "page_obj": page_obj,
            "filtered": any(filters.values()),
            "members_view": selectors.sees_members_posts(request.user),
            "can_post": member_roles.is_member_employee(request.user),
        },
    )


@require_safe
def post_detail(request, pk):
    post = get_post_for(request, pk)
    is_owner = services.may_manage_post(user=request.user, post=post)
    return render(
        request,
        "cooperation/detail.html",
        {
            "post": post,
            "is_owner": is_owner,
            "on_board": post.status == Post.Status.PUBLISHED,
            "members_view": selectors.sees_members_posts(request.user),
        },
    )


@require_safe
def attachment_download(request, pk):
    try:
        attachment = selectors.attachment_for_download(pk=pk, user=request.user)
    except PostAttachment.DoesNotExist as error:
        raise Http404 from error
    name = attachment.file.name.rsplit("/", 1)[-1]
    return private_file_response(attachment.file, filename=name)


# --- An organisation's own posts ----------------------------------------------------------------


@member_employee_required
@require_safe
def my_posts(request):
    person = member_roles.member_person_of(request.user)
    posts = selectors.posts_of_organisation(organisation=person.organisation)
    page_obj = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "cooperation/my_posts.html",
        {"page_obj": page_obj, "organisation": person.organisation},
    )


def _competences_and_sectors(form):
    return {
        "competences": form.cleaned_data["competences"],
        "sectors": form.cleaned_data["sectors"],
    }


@member_employee_required
@require_http_methods(["GET", "HEAD", "POST"])
def post_create(request):
    organisation = member_roles.member_person_of(request.user).organisation
    form = PostForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_create(
                actor=request.user,
                organisation=organisation,
                data=form.post_data(),
                **_competences_and_sectors(form),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if post.status == Post.Status.PENDING:
                messages.success(
                    request, _("The post is saved and waits for the coordinator's approval.")
                )
            else:
                messages.success(request, _("The post is on the board."))
            return redirect("cooperation:edit", pk=post.pk)
    return render(request, "cooperation/form.html", {"form": form, "post": None})


@member_employee_required
@require_http_methods(["GET", "HEAD", "POST"])
def post_edit(request, pk):
    post = _own_post_or_404(request, pk)
    form = PostForm(request.POST or None, instance=post, organisation=post.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_update(
                post=post,
                actor=request.user,
                data=form.post_data(),
                **_competences_and_sectors(form),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if post.status == Post.Status.PENDING:
                messages.success(
                    request,
                    _("The changes are saved; the post waits for the coordinator's approval."),
                )
            else:
                messages.success(request, _("The changes are saved."))
            return redirect("cooperation:edit", pk=post.pk)
    return render(
        request,
        "cooperation/form.html",
        {
            "form": form,
            "post": post,
            "attachment_form": AttachmentForm(),
            "attachments": post.attachments.all(),
            "closed": post.status not in services.OPEN_STATUSES,
        },
    )


@member_employee_required
@require_POST
def attachment_add(request, pk):
    post = _own_post_or_404(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.post_attachment_add(
                post=post,
                actor=request.user,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            _refuse(request, error)
        else:
            messages.success(request, _("The file is attached."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("cooperation:edit", pk=post.pk)


@member_employee_required
@require_POST
def attachment_remove(request, pk):
    person = member_roles.member_person_of(request.user)
    try:
        attachment = PostAttachment.objects.select_related("post").get(
            pk=pk, post__organisation=person.organisation
        )
    except PostAttachment.DoesNotExist as error:
        raise Http404 from error
    try:
        services.post_attachment_remove(attachment=attachment, actor=request.user)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("The attachment is removed."))
    return redirect("cooperation:edit", pk=attachment.post_id)


@member_employee_required
@require_POST
def post_withdraw(request, pk):
    post = _own_post_or_404(request, pk)
    try:
        services.post_withdraw(post=post, actor=request.user)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("The post is withdrawn from the board."))
    return redirect("cooperation:my_posts")


@member_employee_required
@require_http_methods(["GET", "HEAD", "POST"])
def post_fulfil(request, pk):
    post = _own_post_or_404(request, pk)
    form = FulfilForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_fulfil(
                post=post, actor=request.user, outcome=form.cleaned_data["outcome"]
            )
        except ValidationError as error:
            _refuse(request, error)
        else:
            messages.success(request, _("The post is marked fulfilled and leaves the board."))
            return redirect("cooperation:my_posts")
    return render(request, "cooperation/fulfil.html", {"form": form, "post": post})
