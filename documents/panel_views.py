"""The coordinator's library: folders with their reading rules, documents and their versions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import coordinator_required
from core.audit import audit_entries_present, audit_trail_for
from core.forms import add_service_errors
from core.panel import panel_render

from . import selectors, services
from .forms import DocumentPanelForm, FolderForm, FolderOwnerForm, VersionForm
from .views import document_upload

SECTION = "documents"


def _folder_or_404(pk):
    folder = selectors.folder_for_panel(pk=pk)
    if folder is None:
        raise Http404
    return folder


def _document_or_404(pk):
    document = selectors.document_for_panel(pk=pk)
    if document is None:
        raise Http404
    return document


@coordinator_required
@require_safe
def index(request):
    return panel_render(
        request,
        "documents/index.html",
        {"folders": selectors.folders_for_panel(), "missing": selectors.owners_without_folder()},
        section=SECTION,
    )


@coordinator_required
@require_POST
def folders_create_missing(request):
    created = services.folders_create_missing(actor=request.user)
    messages.success(
        request,
        ngettext("%(count)d folder created.", "%(count)d folders created.", created)
        % {"count": created},
    )
    return redirect("panel_documents:index")


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def folder_create(request):
    data = request.POST or None
    initial = {}
    parent_pk = request.GET.get("parent", "")
    if parent_pk.isdigit():
        initial["parent"] = selectors.folder_for_panel(pk=int(parent_pk))
    form = FolderForm(data, initial=initial)
    owner_form = FolderOwnerForm(data)
    if request.method == "POST" and form.is_valid():
        parent = form.cleaned_data["parent"]
        owner = {}
        if parent is None:
            if owner_form.is_valid():
                owner = {
                    "kind": owner_form.cleaned_data["kind"],
                    "body": owner_form.cleaned_data["body"],
                    "action_group": owner_form.cleaned_data["action_group"],
                    "project": owner_form.cleaned_data["project"],
                }
            else:
                owner = None
        if owner is not None:
            try:
                folder = services.folder_create(
                    data=form.folder_data(), actor=request.user, **owner
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The folder is created."))
                return redirect("panel_documents:folder", pk=folder.pk)
    return panel_render(
        request,
        "documents/folder_form.html",
        {"form": form, "owner_form": owner_form, "folder": None},
        section=SECTION,
    )


@coordinator_required
@require_safe
def folder_detail(request, pk):
    folder = _folder_or_404(pk)
    return panel_render(
        request,
        "documents/folder_detail.html",
        {
            "folder": folder,
            "documents": selectors.folder_documents_for_panel(folder=folder),
            "subfolders": folder.children.all(),
            "chain": selectors.folder_chain(folder=folder),
            "trail": audit_entries_present(audit_trail_for(folder)[:20]),
        },
        section=SECTION,
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def folder_edit(request, pk):
    folder = _folder_or_404(pk)
    form = FolderForm(request.POST or None, instance=folder)
    if request.method == "POST" and form.is_valid():
        try:
            services.folder_update(folder=folder, data=form.folder_data(), actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The folder is saved."))
            return redirect("panel_documents:folder", pk=folder.pk)
    return panel_render(
        request,
        "documents/folder_form.html",
        {"form": form, "owner_form": None, "folder": folder},
        section=SECTION,
    )


@coordinator_required
@require_POST
def folder_delete(request, pk):
    folder = _folder_or_404(pk)
    try:
        services.folder_delete(folder=folder, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("panel_documents:folder", pk=folder.pk)
    messages.success(request, _("The folder is deleted."))
    return redirect("panel_documents:index")


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def document_create(request, pk):
    folder = _folder_or_404(pk)
    form, document = document_upload(request, folder=folder)
    if document is not None:
        return redirect("panel_documents:document", pk=document.pk)
    return panel_render(
        request, "documents/document_form.html", {"form": form, "folder": folder}, section=SECTION
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def document_detail(request, pk):
    """A document's versions, its texts and folder to change, and a new version to upload."""
    document = _document_or_404(pk)
    form = DocumentPanelForm(request.POST or None, instance=document, with_file=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_update(
                document=document, data=form.document_data(), actor=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The document is saved."))
            return redirect("panel_documents:document", pk=document.pk)
    return panel_render(
        request,
        "documents/document_detail.html",
        {
            "document": document,
            "form": form,
            "version_form": VersionForm(),
            "trail": audit_entries_present(audit_trail_for(document)[:20]),
        },
        section=SECTION,
    )


@coordinator_required
@require_POST
def version_add(request, pk):
    document = _document_or_404(pk)
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
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
            return redirect("panel_documents:document", pk=document.pk)
    return panel_render(
        request,
        "documents/document_detail.html",
        {
            "document": document,
            "form": DocumentPanelForm(instance=document, with_file=False),
            "version_form": form,
            "trail": audit_entries_present(audit_trail_for(document)[:20]),
        },
        section=SECTION,
        status=400,
    )


@coordinator_required
@require_POST
def document_archive(request, pk):
    document = _document_or_404(pk)
    services.document_archive(document=document, actor=request.user)
    messages.success(request, _("The document is archived: only you see it now."))
    return redirect("panel_documents:document", pk=document.pk)


@coordinator_required
@require_POST
def document_restore(request, pk):
    document = _document_or_404(pk)
    services.document_restore(document=document, actor=request.user)
    messages.success(request, _("The document is back in the library."))
    return redirect("panel_documents:document", pk=document.pk)


@coordinator_required
@require_POST
def document_delete(request, pk):
    document = _document_or_404(pk)
    folder_pk = document.folder_id
    services.document_delete(document=document, actor=request.user)
    messages.success(request, _("The document and all its versions are deleted."))
    return redirect("panel_documents:folder", pk=folder_pk)
