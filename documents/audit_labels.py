"""Labels of the document library's audit actions, as the panel shows them."""

from django.utils.translation import gettext_lazy as _

from core.audit import audit_labels_register

audit_labels_register(
    {
        "documents.folder_created": _("Library folder created"),
        "documents.folder_updated": _("Library folder changed"),
        "documents.folder_deleted": _("Library folder deleted"),
        "documents.document_created": _("Document added to the library"),
        "documents.document_updated": _("Library document changed"),
        "documents.document_archived": _("Library document archived"),
        "documents.document_restored": _("Library document restored"),
        "documents.document_deleted": _("Library document deleted"),
        "documents.version_added": _("New version of a library document uploaded"),
        "documents.notices_on": _("E-mails about new documents switched on"),
        "documents.notices_off": _("E-mails about new documents switched off"),
    },
    diff_actions={"documents.folder_updated", "documents.document_updated"},
)
