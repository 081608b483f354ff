"""Rows the cluster must keep whole: votes, tallies, attendance, terms, signed documents, the
organisations' own records. They name the person only through the `User` or `Person` row, which the
erasure anonymises, so afterwards they read "a person erased on <date>"."""

from django.utils.translation import gettext_lazy as _

from ..registry import (
    Declaration,
    Handling,
    by_name,
    by_person,
    by_represented_organisation,
    by_user,
    installed,
    register,
    rows,
)

KEEP = Handling.KEEP

_GOVERNANCE = _("A record of the cluster's governance, kept whole; it names the erased person.")
_AUTHORSHIP = _("The organisation's or the cluster's record; it shows the erased person as author.")
_STAFF_ACTION = _("Who did it on the cluster's behalf; the account shows as erased.")


def _kept(label: str, reason, *conditions, files=(), exclude=()) -> Declaration:  # type: ignore[no-untyped-def]
    return Declaration(
        label, KEEP, rows(label, *conditions), reason, files=tuple(files), exclude=tuple(exclude)
    )


def register_declarations() -> None:
    register(
        _kept("members.MembershipChange", _STAFF_ACTION, by_user("actor")),
        _kept(
            "members.ActionGroup",
            _("The group stays; its leader shows as erased until another is chosen."),
            by_person("leader"),
        ),
        _kept("members.CouncilSeat", _GOVERNANCE, by_person("person")),
        _kept("resolutions.GoverningBody", _GOVERNANCE, by_person("appointed_people")),
        _kept(
            "resolutions.Resolution",
            _GOVERNANCE,
            by_user("closed_by", "created_by"),
            exclude=("pdf",),
        ),
        _kept(
            "resolutions.EligibleVoter",
            _(
                "Who was entitled to vote, and the signed proxy, are part of the vote's record "
                "and its tally."
            ),
            by_person("person", "proxy"),
            files=("proxy_document",),
        ),
        _kept(
            "resolutions.VoteCast",
            _("That a vote was cast (never what was chosen) is part of the tally."),
            by_person("cast_by", "voter__person"),
        ),
        _kept(
            "resolutions.Ballot",
            _("A named vote is public in the resolution's record."),
            by_person("cast_by", "voter__person"),
        ),
        _kept(
            "elections.Election",
            _STAFF_ACTION,
            by_user("closed_by"),
            exclude=("results_pdf",),
        ),
        _kept(
            "elections.ElectionVoter",
            _("Who took part in an election (never whom they marked) is part of its result."),
            by_person("person", "proxy", "voted_by"),
        ),
        _kept(
            "meetings.Meeting",
            _("Who chaired a meeting and kept its minutes is part of its record."),
            by_person("chair", "secretary"),
        ),
        _kept(
            "meetings.MeetingNotice",
            _("The proof that the meeting was convened with due notice."),
            by_person("person"),
        ),
        _kept(
            "meetings.MeetingProxy",
            _("A proxy used or given for a meeting is part of its record, with its document."),
            by_person("granted_by", "holder"),
            files=("document",),
        ),
        _kept(
            "meetings.Attendance",
            _("Attendance decides the quorum recorded with each vote."),
            by_person("person"),
        ),
        _kept(
            "agreements.AgreementParty",
            _("A signed agreement names its signatories; it is kept as signed."),
            by_name("signatory_name"),
        ),
        _kept("news.Article", _AUTHORSHIP, by_user("author"), exclude=("cover",)),
        _kept("news.Campaign", _STAFF_ACTION, by_user("created_by")),
        _kept(
            "cooperation.Post",
            _AUTHORSHIP,
            by_person("author", "contact_person"),
        ),
        _kept(
            "cooperation.PostAttachment",
            _("The organisation's attachment to its post; in the copy of its author."),
            by_person("post__author"),
            files=("file",),
        ),
        _kept(
            "cooperation.Contact",
            _("A conversation between two organisations; the other side keeps it."),
            by_person("person"),
        ),
        _kept(
            "cooperation.PurchaseCommitment",
            _("The organisation's commitment to a joint purchase."),
            by_person("person"),
        ),
        _kept("projects.ProjectIdea", _AUTHORSHIP, by_person("submitted_by")),
        _kept(
            "projects.ProjectDocument",
            _("A project's document; in the copy of the person who uploaded it."),
            by_user("uploaded_by"),
            files=("file",),
        ),
    )
    _register_later_apps()


def _register_later_apps() -> None:
    """Models of the apps added alongside this one (issues 17–19), once they exist."""
    if installed("fees.FeeDocument"):
        register(
            _kept(
                "fees.FeeDocument",
                _(
                    "Invoices stay whole, as the law requires; in the copy of the staff who "
                    "issued them and of the representatives of the organisation billed."
                ),
                by_user("created_by"),
                by_represented_organisation("organisation"),
                files=("pdf",),
                exclude=("ksef_xml",),
            )
        )
    if installed("surveys.Response"):
        register(
            _kept(
                "surveys.Response",
                _("The organisation's answer to a survey; in the copy of its representatives."),
                by_represented_organisation("organisation"),
            ),
            _kept(
                "surveys.Answer",
                _("The organisation's answer to a survey; in the copy of its representatives."),
                by_represented_organisation("response__organisation"),
            ),
        )
    staff = {
        "fees.BillingRun": ("created_by", "confirmed_by"),
        "fees.BankStatement": ("imported_by",),
        "fees.Payment": ("recorded_by",),
        "fees.PaymentAllocation": ("created_by",),
        "surveys.Survey": ("created_by",),
        "documents.Document": ("created_by",),
        "reports.IndicatorValue": ("recorded_by",),
        "reports.AnnualReport": ("requested_by",),
        "webhooks.Endpoint": ("created_by",),
    }
    for label, fields in staff.items():
        if installed(label):
            register(_kept(label, _STAFF_ACTION, by_user(*fields)))
    if installed("documents.DocumentVersion"):
        register(
            _kept(
                "documents.DocumentVersion",
                _("A document of the library; in the copy of the person who uploaded it."),
                by_user("uploaded_by"),
                files=("file",),
            )
        )
    if installed("documents.DocumentNotice"):
        register(
            _kept(
                "documents.DocumentNotice",
                _("The record that a notice of a new document went out, sent once."),
                by_person("person"),
            )
        )
