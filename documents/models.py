"""The document library: folders with who may read them, documents and their versions.

A folder belongs to the cluster, to a governing body, an action group or a project (its kind and
the one owner it names); folders nest. Who may read a folder is its access rule, and a reader of a
nested folder must also be able to read every folder above it (selectors.py). A document keeps every
version uploaded: exactly one is current, the others stay listed and downloadable by the same
readers. Files live in private storage and leave only through the permission-checking download view.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.storage import private_storage


class Folder(TimeStampedModel):
    """A folder of the library, owned by the cluster, a body, an action group or a project."""

    class Kind(models.TextChoices):
        CLUSTER = "cluster", _("the cluster")
        BODY = "body", _("a governing body")
        GROUP = "group", _("an action group")
        PROJECT = "project", _("a project")

    class Access(models.TextChoices):
        PUBLIC = "public", _("everyone")
        MEMBERS = "members", _("people of member organisations")
        # Translators: who may read a folder: the members of the governing body it belongs to.
        BODY = "body", _("the members of the governing body")
        GROUP = "group", _("the people of the action group's organisations")
        PARTNERS = "partners", _("the people of the project's partners")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("inside folder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField(_("belongs to"), max_length=10, choices=Kind.choices)
    body = models.ForeignKey(
        "resolutions.GoverningBody",
        verbose_name=_("governing body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="document_folders",
    )
    action_group = models.ForeignKey(
        "members.ActionGroup",
        verbose_name=_("action group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="document_folders",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="document_folders",
    )
    access = models.CharField(_("who may read"), max_length=10, choices=Access.choices)
    members_may_upload = models.BooleanField(
        _("readers from member organisations may upload"),
        default=False,
        help_text=_(
            "People of active members who may read the folder may add documents to it and new "
            "versions of the documents they added."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("folder")
        verbose_name_plural = _("folders")
        ordering = ["order", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["cluster", "body", "group", "project"]),
                name="documents_folder_kind_is_valid",
            ),
            models.CheckConstraint(
                condition=Q(access__in=["public", "members", "body", "group", "partners"]),
                name="documents_folder_access_is_valid",
            ),
            # A folder names exactly the owner its kind says, and no other.
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="cluster",
                        body__isnull=True,
                        action_group__isnull=True,
                        project__isnull=True,
                    )
                    | Q(
                        kind="body",
                        body__isnull=False,
                        action_group__isnull=True,
                        project__isnull=True,
                    )
                    | Q(
                        kind="group",
                        body__isnull=True,
                        action_group__isnull=False,
                        project__isnull=True,
                    )
                    | Q(
                        kind="project",
                        body__isnull=True,
                        action_group__isnull=True,
                        project__isnull=False,
                    )
                ),
                name="documents_folder_owner_matches_kind",
                violation_error_message=_("A folder names exactly the owner its kind says."),
            ),
            # Only a body's folder can be kept for the body, and so on.
            models.CheckConstraint(
                condition=Q(access__in=["public", "members"])
                | Q(access="body", kind="body")
                | Q(access="group", kind="group")
                | Q(access="partners", kind="project"),
                name="documents_folder_access_fits_kind",
                violation_error_message=_("This reading rule does not fit the folder's owner."),
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=models.F("pk")),
                name="documents_folder_not_its_own_parent",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("documents:folder", kwargs={"pk": self.pk})

    @property
    def owner(self):
        """The body, group or project the folder belongs to; None for the cluster's."""
        return self.body or self.action_group or self.project


class Document(TimeStampedModel):
    """A document in a folder; its file is its current version's."""

    class Status(models.TextChoices):
        PUBLISHED = "published", _("published")
        ARCHIVED = "archived", _("archived")

    folder = models.ForeignKey(
        Folder, verbose_name=_("folder"), on_delete=models.PROTECT, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["published", "archived"]),
                name="documents_document_status_is_valid",
            ),
        ]
        indexes = [models.Index(fields=["folder", "status"], name="documents_folder_status")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("documents:document", kwargs={"pk": self.pk})


def version_upload_to(instance, filename):
    # The stored name says nothing of the document; the reader's name is kept in `filename`.
    return f"documents/{instance.document_id}/{filename}"


class DocumentVersion(TimeStampedModel):
    """One uploaded file of a document; the newest is current, the older ones stay."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        PNG = "png", "PNG"
        JPEG = "jpeg", "JPEG"
        ODT = "odt", "OpenDocument"
        DOCX = "docx", "Word"
        XLSX = "xlsx", "Excel"

    # The Content-Type each kind is served with, whatever the browser said when it was uploaded.
    CONTENT_TYPES = {
        "pdf": "application/pdf",
        "png": "image/png",
        "jpeg": "image/jpeg",
        "odt": "application/vnd.oasis.opendocument.text",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=version_upload_to, max_length=255
    )
    filename = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("type"), max_length=8, choices=Kind.choices)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    is_current = models.BooleanField(_("current"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"],
                name="documents_version_number_unique",
                violation_error_message=_("The document already has this version."),
            ),
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(is_current=True),
                name="documents_one_current_version",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="documents_version_number_positive"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["pdf", "png", "jpeg", "odt", "docx", "xlsx"]),
                name="documents_version_kind_is_valid",
            ),
        ]

    def __str__(self):
        return f"{self.document} (v{self.number})"

    def get_absolute_url(self):
        return reverse("documents:download", kwargs={"pk": self.pk})

    @property
    def content_type(self):
        return self.CONTENT_TYPES[self.kind]


class DocumentNotice(models.Model):
    """That a person was told of a published version: once per version and person.

    Written in the same transaction as the e-mail it queues, so a task run twice (or redelivered)
    finds the row and sends nothing again.
    """

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="notices")
    person = models.ForeignKey("members.Person", on_delete=models.CASCADE, related_name="+")
    email = models.ForeignKey(
        "core.OutboundEmail", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document notice")
        verbose_name_plural = _("document notices")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "person"], name="documents_notice_once_per_person"
            ),
        ]

    def __str__(self):
        return f"{self.person} ← {self.version}"


class NoticeOptOut(models.Model):
    """That a person does not want e-mails about new documents."""

    person = models.OneToOneField(
        "members.Person", on_delete=models.CASCADE, related_name="document_notice_opt_out"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("opt-out of document notices")
        verbose_name_plural = _("opt-outs of document notices")

    def __str__(self):
        return str(self.person)
