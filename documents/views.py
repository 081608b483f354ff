"""The library's pages: folders, documents and their versions, downloads, members' uploads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.forms import add_service_errors
from core.storage import private_file_response
from members import roles as member_roles

from . import selectors, services
from .forms import DocumentForm, NoticesForm, VersionForm


def _folder_or_404(request, pk):
    folder = selectors.folder_for_reader(pk=pk, user=request.user)
    if folder is None:
        raise Http404
    return folder


def _document_or_404(request, pk):
    document = selectors.document_for_reader(pk=pk, user=request.user)
    if document is None:
        raise Http404
    return document


def document_upload(request, *, folder):
    """Handle the new-document form for `folder` (here and in the panel): return the form and
    the document once it is saved, else None."""
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_create(
                folder=folder,
                data=form.document_data(),
                upload=form.cleaned_data["file"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The document is in the library."))
            return form, document
    return form, None


@require_safe
def index(request):
    return render(request, "documents/index.html", selectors.library_index(user=request.user))


@require_safe
def folder_detail(request, pk):
    folder = _folder_or_404(request, pk)
    return render(
        request,
        "documents/folder.html",
        {
            "folder": folder,
            "may_upload": selectors.may_upload_to(folder=folder, user=request.user),
            **selectors.folder_contents(folder=folder, user=request.user),
        },
    )


@require_safe
def document_detail(request, pk):
    document = _document_or_404(request, pk)
    return render(
        request,
        "documents/document.html",
        {
            "document": document,
            "chain": selectors.folder_chain(folder=document.folder),
            "may_add_version": selectors.may_add_version(document=document, user=request.user),
        },
    )


@require_safe
def download(request, pk):
    """Send a version's file to a reader of its folder, as an attachment of its own type."""
    version = selectors.version_for_reader(pk=pk, user=request.user)
    if version is None:
        raise Http404
    response = private_file_response(
        version.file, filename=version.filename, content_type=version.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def upload(request, pk):
    folder = _folder_or_404(request, pk)
    if not selectors.may_upload_to(folder=folder, user=request.user):
        raise PermissionDenied
    form, document = document_upload(request, folder=folder)
    if document is not None:
        return redirect("documents:document", pk=document.pk)
    return render(request, "documents/upload.html", {"form": form, "folder": folder})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def version_add(request, pk):
    document = _document_or_404(request, pk)
    if not selectors.may_add_version(document=document, user=request.user):
        raise PermissionDenied
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.version_add(
                document=document,
                upload=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The new version is in the library."))
            return redirect("documents:document", pk=document.pk)
    return render(request, "documents/version_add.html", {"form": form, "document": document})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notices(request):
    """Whether the person wants e-mails about new documents."""
    person = member_roles.person_of(request.user)
    if person is None:
        raise PermissionDenied
    form = NoticesForm(
        request.POST if request.method == "POST" else None,
        initial={"wanted": not selectors.opted_out(person=person)},
    )
    if request.method == "POST" and form.is_valid():
        services.notices_choose(
            person=person, wanted=form.cleaned_data["wanted"], actor=request.user
        )
        messages.success(request, _("Your choice is saved."))
        return redirect("documents:notices")
    return render(request, "documents/notices.html", {"form": form})
