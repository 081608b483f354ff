"""Who may open each URL: the expected table the authorisation matrix holds the portal to.

Each case (a URL name, or `name[variant]` for a URL tried with objects of different reach; see
`world.py`) has a `Rule`:

- `get`: the personas whose GET answers 200;
- `away`: the personas a GET sends elsewhere by design (a redirect not to the login page, e.g. the
  login page sends a logged-in user home);
- `post`: the personas whose POST gets past the access checks (default: `get | away`). Everyone
  else's empty POST must be refused (a redirect to log in, 403, 404, 405) and change nothing.

Every persona not in `get` or `away` must be refused on GET. The rules come from the role checks
(accounts/roles.py, accounts/decorators.py, resolutions/access.py) and the views' 404 helpers:
anonymous visitors are sent to log in, users without the role get 403, objects outside a user's
reach answer 404.
"""

from .parts import PARTS
from .rules import (
    BOARD_POSTERS,
    COORDINATOR,
    COUNCIL,
    LOGGED_IN,
    MEMBER_PEOPLE,
    MEMBERS,
    NOBODY,
    PLAN_READERS,
    POST_OWNERS,
    PUBLIC,
    PURCHASE_ORGANISERS,
    REPRESENTATIVE,
    Rule,
    bad_token,
    coordinator_action,
    coordinator_page,
    public,
    token_link,
)

# allauth's pages for a logged-in user: a visitor is sent to log in.
ACCOUNT_PAGE = Rule(get=LOGGED_IN)
# allauth's pages for visitors: a logged-in user is sent home.
VISITOR_PAGE = Rule(get=frozenset({"anonymous"}), away=LOGGED_IN, post=PUBLIC)

TABLE = {
    # --- Outside the language prefix ------------------------------------------------------------
    "healthz": public(),
    # Switching the language answers with a redirect back, for everyone.
    "set_language": Rule(get=NOBODY, away=PUBLIC),
    "sitemap": public(),
    "newsletter_one_click[valid]": token_link(),
    "newsletter_one_click[bad]": bad_token(),
    # Public uploads; the world stores none, so the file asked for is missing for everyone.
    "media": Rule(get=NOBODY),
    # --- Home and accounts ----------------------------------------------------------------------
    "home": public(),
    "invitation_accept[valid]": token_link(),
    "invitation_accept[bad]": bad_token(),
    # After the authenticator is set up, back to where a coordinator was going (home by default).
    "mfa_continue": Rule(get=NOBODY, away=LOGGED_IN),
    "account_login": VISITOR_PAGE,
    "account_signup": VISITOR_PAGE,
    "account_confirm_login_code": Rule(get=NOBODY, away=LOGGED_IN, post=PUBLIC),
    # Logging out is asked for on a page; a visitor who is not logged in is sent home.
    "account_logout": Rule(get=LOGGED_IN, away=frozenset({"anonymous"})),
    "account_inactive": public(),
    "account_reauthenticate": ACCOUNT_PAGE,
    # Re-authentication by an e-mailed code is turned off (ACCOUNT_REAUTHENTICATION_METHODS): a
    # visitor is sent to log in, everyone else refused.
    "account_request_reauthentication_code": Rule(get=NOBODY),
    "account_confirm_reauthentication_code": Rule(get=NOBODY),
    "account_email": ACCOUNT_PAGE,
    "account_email_verification_sent": public(),
    "account_change_password": ACCOUNT_PAGE,
    # Every persona has a password, so setting one sends them to change it instead.
    "account_set_password": Rule(get=NOBODY, away=LOGGED_IN),
    "account_reset_password": public(),
    "account_reset_password_done": public(),
    "account_reset_password_from_key_done": public(),
    # The key is the credential; the first GET moves it from the URL into the session.
    "account_reset_password_from_key": token_link(get=NOBODY, away=PUBLIC, post=PUBLIC),
    "account_confirm_email": token_link(),
    # Two-factor authentication (allauth.mfa): for logged-in users only.
    "mfa_index": ACCOUNT_PAGE,
    # Only during a login that waits for the second factor; otherwise back home.
    "mfa_authenticate": Rule(get=NOBODY, away=LOGGED_IN, post=LOGGED_IN),
    # Only the coordinator has an authenticator; the others are sent to plain re-authentication.
    "mfa_reauthenticate": Rule(get=COORDINATOR, away=LOGGED_IN - COORDINATOR, post=LOGGED_IN),
    # The coordinator already has one; the others are asked to re-authenticate first.
    "mfa_activate_totp": Rule(get=NOBODY, away=LOGGED_IN),
    # Only someone with an authenticator has one to turn off (after re-authenticating).
    "mfa_deactivate_totp": Rule(get=NOBODY, away=COORDINATOR),
    "mfa_view_recovery_codes": Rule(get=NOBODY),
    "mfa_generate_recovery_codes": Rule(get=NOBODY, away=LOGGED_IN),
    "mfa_download_recovery_codes": Rule(get=NOBODY),
    # --- Members --------------------------------------------------------------------------------
    "members:directory": public(),
    "members:profile[member]": public(),
    "members:profile[suspended]": Rule(get=NOBODY),
    "join:apply": public(),
    "join:submitted": public(),
    "profile:edit": Rule(get=REPRESENTATIVE),
    "profile:person_create": Rule(get=REPRESENTATIVE),
    "profile:person_edit[own]": Rule(get=REPRESENTATIVE),
    "profile:person_edit[foreign]": Rule(get=NOBODY),
    "profile:person_delete[own]": Rule(get=REPRESENTATIVE),
    "profile:person_delete[foreign]": Rule(get=NOBODY),
    "profile:person_invite[own]": Rule(get=NOBODY, post=REPRESENTATIVE),
    "profile:person_invite[foreign]": Rule(get=NOBODY),
    # --- Governance -----------------------------------------------------------------------------
    "resolutions:register": public(),
    # Managing resolutions: the coordinator (and the council chair, not among the personas).
    "resolutions:create": coordinator_page(),
    "resolutions:edit": coordinator_page(),
    "resolutions:delete": coordinator_action(),
    "resolutions:open_vote": coordinator_page(),
    "resolutions:close_vote": coordinator_action(),
    "resolutions:detail[public]": public(),
    # A resolution of the Member Assembly: the members' people and the coordinator.
    "resolutions:detail[members]": Rule(get=MEMBERS),
    "resolutions:detail[council]": Rule(get=COUNCIL),
    "resolutions:detail[draft]": Rule(get=COORDINATOR),
    # A ballot is posted by whoever sees the open resolution; the service decides who votes.
    "resolutions:vote": Rule(get=NOBODY, post=MEMBERS),
    # Only the representative holds their organisation's vote, so only they appoint a proxy.
    "resolutions:proxy": Rule(get=REPRESENTATIVE),
    "resolutions:pdf[public]": public(),
    "resolutions:pdf[council]": Rule(get=COUNCIL),
    "resolutions:attachment[public]": public(),
    "resolutions:attachment[council]": Rule(get=COUNCIL),
    "resolutions:strategy_current": public(),
    "resolutions:strategy": public(),
    "resolutions:plan": Rule(get=PLAN_READERS),
    "resolutions:plan_pdf": Rule(get=PLAN_READERS),
    # --- Elections ------------------------------------------------------------------------------
    # Every election is for the members' people and the coordinator; the services decide who
    # nominates (any member's person for the Council, the council for its chair) and who votes.
    "elections:list": Rule(get=MEMBERS),
    "elections:detail": Rule(get=MEMBERS),
    "elections:nominate": Rule(get=NOBODY, post=MEMBERS),
    "elections:vote": Rule(get=NOBODY, post=MEMBERS),
    "elections:results_pdf": Rule(get=MEMBERS),
    # The candidate's consent: the e-mailed token is the credential, logged in or not.
    "elections:consent[valid]": token_link(),
    "elections:consent[bad]": bad_token(),
    # --- Events ---------------------------------------------------------------------------------
    "events:list": public(),
    "events:feed": public(),
    "events:my_registrations": Rule(get=LOGGED_IN),
    "events:guest_confirm[valid]": token_link(),
    "events:guest_confirm[bad]": bad_token(),
    "events:registration[valid]": token_link(),
    "events:registration[bad]": bad_token(),
    "events:registration_cancel[valid]": token_link(get=NOBODY, post=PUBLIC),
    "events:registration_cancel[bad]": bad_token(),
    "events:detail[public]": public(),
    "events:detail[members]": Rule(get=MEMBERS),
    # An action group's event: the people of its organisations (the representative's) and the
    # coordinator; the council member's organisation is not in the group.
    "events:detail[group]": Rule(get=frozenset({"employee", "representative", "coordinator"})),
    # A draft is only in the panel.
    "events:detail[draft]": Rule(get=NOBODY),
    "events:ics[public]": public(),
    "events:ics[members]": Rule(get=MEMBERS),
    # Registering oneself is a POST by a logged-in user who sees the event; the view tells those
    # who are not a member's people to register as guests.
    "events:register[public]": Rule(get=NOBODY, post=LOGGED_IN),
    "events:register[members]": Rule(get=NOBODY, post=MEMBERS),
    "events:register_colleague[public]": Rule(get=REPRESENTATIVE),
    "events:register_colleague[members]": Rule(get=REPRESENTATIVE),
    "events:register_guest[public]": public(),
    "events:register_guest[members]": Rule(get=NOBODY),
    # --- Agreements -----------------------------------------------------------------------------
    "partnerships:index": public(),
    "partnerships:network_svg": public(),
    "partnerships:partner[in_force]": public(),
    "partnerships:partner[negotiating]": Rule(get=NOBODY),
    # Members see every agreement, whatever its status, and its documents.
    "partnerships:agreement_list": Rule(get=MEMBERS),
    "partnerships:agreement[in_force]": Rule(get=MEMBERS),
    "partnerships:agreement[draft]": Rule(get=MEMBERS),
    "partnerships:agreement_scan": Rule(get=MEMBERS),
    "partnerships:agreement_document": Rule(get=MEMBERS),
    # --- Projects -------------------------------------------------------------------------------
    # The public sees granted, running and closed projects; members every status and documents.
    "projects:list": public(),
    "projects:detail[public]": public(),
    "projects:detail[members]": Rule(get=MEMBERS),
    "projects:document": Rule(get=MEMBERS),
    "projects:call_list": Rule(get=MEMBERS),
    # Ideas are submitted for one's organisation: people of active members, not the coordinator.
    "projects:idea_list": Rule(get=MEMBER_PEOPLE),
    "projects:idea_submit": Rule(get=MEMBER_PEOPLE),
    # --- News -----------------------------------------------------------------------------------
    "news:list": public(),
    "news:feed": public(),
    "news:category": public(),
    "news:article[published]": public(),
    # The coordinator previews drafts.
    "news:article[draft]": Rule(get=COORDINATOR),
    "newsletter:subscribe": public(),
    "newsletter:requested": public(),
    "newsletter:confirm[valid]": token_link(),
    "newsletter:confirm[bad]": bad_token(),
    "newsletter:preferences[valid]": token_link(),
    "newsletter:preferences[bad]": bad_token(),
    "newsletter:unsubscribe[valid]": token_link(get=NOBODY, post=PUBLIC),
    "newsletter:unsubscribe[bad]": bad_token(),
    "pages:detail": public(),
    # --- Cooperation: the board -----------------------------------------------------------------
    "cooperation:list": public(),
    "cooperation:detail[public]": public(),
    "cooperation:detail[members]": Rule(get=MEMBERS),
    # The representative's organisation's post awaiting approval: its people and the coordinator.
    "cooperation:detail[pending]": Rule(get=POST_OWNERS | COORDINATOR),
    "cooperation:detail[hidden]": Rule(get=COORDINATOR),
    "cooperation:attachment[public]": public(),
    "cooperation:attachment[members]": Rule(get=MEMBERS),
    "cooperation:attachment[pending]": Rule(get=POST_OWNERS | COORDINATOR),
    # People of active members post for their organisation; the coordinator works for none.
    "cooperation:create": Rule(get=BOARD_POSTERS),
    "cooperation:my_posts": Rule(get=BOARD_POSTERS),
    # Another organisation's post does not exist on these pages (404).
    "cooperation:edit": Rule(get=POST_OWNERS),
    "cooperation:fulfil": Rule(get=POST_OWNERS),
    "cooperation:attachment_add": Rule(get=NOBODY, post=POST_OWNERS),
    "cooperation:attachment_remove": Rule(get=NOBODY, post=POST_OWNERS),
    "cooperation:withdraw": Rule(get=NOBODY, post=POST_OWNERS),
    # --- Meetings: the bodies' people see their meetings; drafts are the coordinator's --------
    "meetings:my_meetings": Rule(get=MEMBERS),
    "meetings:register": Rule(get=MEMBERS),
    "meetings:detail[assembly]": Rule(get=MEMBERS),
    "meetings:detail[council]": Rule(get=COUNCIL),
    "meetings:detail[draft]": Rule(get=COORDINATOR),
    "meetings:ics[assembly]": Rule(get=MEMBERS),
    "meetings:ics[council]": Rule(get=COUNCIL),
    "meetings:document[assembly]": Rule(get=MEMBERS),
    "meetings:document[council]": Rule(get=COUNCIL),
    "meetings:document[draft]": Rule(get=COORDINATOR),
    # The chair (none in the world) or the coordinator opens and closes a meeting.
    "meetings:open": coordinator_action(),
    "meetings:close": coordinator_action(),
    # Minutes: the meeting's secretary (the employee in the world) or the coordinator drafts and
    # edits them; the chair (none) or the coordinator records their approval at a later meeting;
    # the approved PDF is the body's people's.
    "meetings:minutes_edit": Rule(get=frozenset({"employee", "coordinator"})),
    "meetings:minutes_draft": Rule(get=NOBODY, post=frozenset({"employee", "coordinator"})),
    "meetings:minutes_approve": coordinator_action(),
    "meetings:minutes_pdf[assembly]": Rule(get=MEMBERS),
    "meetings:minutes_pdf[council]": Rule(get=COUNCIL),
    # The register and the votes at a meeting: the coordinator, or the meeting's chair or
    # secretary (none at the session in the world). Anyone who sees the meeting may ask to
    # check in online or to withdraw a proxy: the service answers with a message. The proxy
    # is given by the member's representative; its document is for the representative, the
    # holder (the employee) and the clerk.
    "meetings:attendance": Rule(get=COORDINATOR),
    "meetings:check_in": coordinator_action(),
    "meetings:self_check_in": Rule(get=NOBODY, post=MEMBERS),
    "meetings:leave": coordinator_action(),
    "meetings:proxy_grant": Rule(get=REPRESENTATIVE),
    "meetings:proxy_withdraw": Rule(get=NOBODY, post=MEMBERS),
    "meetings:proxy_document": Rule(get=frozenset({"employee", "representative", "coordinator"})),
    "meetings:votes": Rule(get=COORDINATOR),
    "meetings:resolution_vote": Rule(get=COORDINATOR),
    "meetings:election_quorum": coordinator_action(),
    "resolutions:proxy_withdraw": Rule(get=NOBODY, post=MEMBERS),
    # --- Cooperation: joint purchases -----------------------------------------------------------
    # The world's joint purchase is the representative's organisation's (the employee works
    # there); the council member's organisation has joined it.
    # Every member's people join (their organising organisation too); the coordinator has no
    # person to commit as (403).
    "cooperation:purchase_join": Rule(get=NOBODY, post=MEMBER_PEOPLE),
    # Only the committed organisation's people change or withdraw its commitment (others: 404).
    "cooperation:purchase_update": Rule(get=NOBODY, post=frozenset({"council_member"})),
    "cooperation:purchase_withdraw": Rule(get=NOBODY, post=frozenset({"council_member"})),
    "cooperation:my_purchases": Rule(get=MEMBER_PEOPLE),
    # The list of commitments: the organising organisation's people and the coordinator; other
    # members get 404.
    "cooperation:purchase_manage": Rule(get=PURCHASE_ORGANISERS),
    "cooperation:purchase_csv": Rule(get=PURCHASE_ORGANISERS),
    "cooperation:purchase_xlsx": Rule(get=PURCHASE_ORGANISERS),
    "cooperation:purchase_close": Rule(get=NOBODY, post=PURCHASE_ORGANISERS),
    "cooperation:purchase_cancel": Rule(get=NOBODY, post=PURCHASE_ORGANISERS),
    "panel_cooperation:purchase_list": coordinator_page(),
    "panel_cooperation:purchase_list_csv": coordinator_page(),
    "panel_cooperation:purchase_list_xlsx": coordinator_page(),
    "panel_cooperation:purchase_detail": coordinator_page(),
    "panel_cooperation:purchase_csv": coordinator_page(),
    "panel_cooperation:purchase_xlsx": coordinator_page(),
    # --- Cooperation: contacts and matching -----------------------------------------------------
    # The world's post is the representative's organisation's; the council member answered it.
    # Its own people cannot answer it (403); the coordinator has no person to write as (403).
    "cooperation:interested": Rule(get=frozenset({"council_member"})),
    # Members' people see their conversations, the coordinator every one.
    "cooperation:contacts": Rule(get=MEMBERS),
    # The two sides write; the coordinator reads (a POST is refused with 403).
    "cooperation:contact": Rule(
        get=MEMBERS, post=frozenset({"employee", "representative", "council_member"})
    ),
    # Only the posting organisation's people mark the post fulfilled.
    "cooperation:contact_fulfil": Rule(get=NOBODY, post=frozenset({"employee", "representative"})),
    # A member's people choose how often they hear of matching posts.
    "cooperation:notifications": Rule(
        get=frozenset({"employee", "representative", "council_member"})
    ),
    "cooperation_one_click[valid]": token_link(),
    "cooperation_one_click[bad]": bad_token(),
    # --- The admin: no persona is staff -------------------------------------------------------
    # Its login is the portal's: visitors are sent there, logged-in users without staff get 403.
    "admin:login": Rule(get=NOBODY),
    "admin:index": Rule(get=NOBODY),
    "admin:app_list": Rule(get=NOBODY),
    "admin:members_organisation_changelist": Rule(get=NOBODY),
}

# --- The coordinator panel: pages and POST-only actions ----------------------------------------

PANEL_PAGES = {
    "panel_meetings": [
        "index",
        "create",
        "detail",
        "edit",
        "item_create",
        "item_edit",
        "document_add",
        "document",
        "minutes",
        "minutes_pdf",
    ],
    "panel_elections": ["index", "create", "detail", "edit", "paper_totals", "results_pdf"],
    "panel_resolutions": [
        "index",
        "body_list",
        "body_create",
        "body_edit",
        "meeting_vote",
        "proxy_document",
        "strategy_list",
        "strategy_create",
        "strategy_edit",
        "goal_create",
        "goal_edit",
        "plan_create",
        "plan_edit",
        "item_create",
        "item_edit",
    ],
    "panel_events": [
        "index",
        "create",
        "detail",
        "edit",
        "cancel",
        "registrants",
        "registrants_csv",
        "registrants_xlsx",
        "check_in",
        "document",
    ],
    "panel_agreements": [
        "index",
        "agreement_create",
        "agreement_detail",
        "agreement_edit",
        "agreement_terminate",
        "agreement_scan_upload",
        "party_add",
        "party_edit",
        "party_signature",
        "partner_list",
        "partner_create",
        "partner_edit",
    ],
    "panel_projects": [
        "index",
        "create",
        "detail",
        "edit",
        "partner_add",
        "partner_edit",
        "document_add",
        "call_list",
        "call_create",
        "call_edit",
        "idea_list",
        "idea_accept",
        "idea_decline",
        "figures",
        "figures_csv",
        "figures_xlsx",
    ],
    "panel_cooperation": [
        "index",
        "settings",
        "figures",
        "figures_csv",
        "figures_xlsx",
        "detail",
        "hide",
    ],
    "panel_news": [
        "index",
        "article_create",
        "article_edit",
        "page_list",
        "page_create",
        "page_edit",
        "campaign_list",
        "campaign_create",
        "campaign_detail",
        "campaign_edit",
        "campaign_preview",
        "campaign_preview_html",
        "subscriber_list",
    ],
    "panel": [
        "dashboard",
        "member_list",
        "member_export_csv",
        "member_export_xlsx",
        "member_create",
        "member_import",
        "member_import_template",
        "member_detail",
        "member_edit",
        "member_status",
        "member_approve",
        "member_reject",
        "member_audit",
        "person_create",
        "person_edit",
        "person_delete",
        "application_list",
        "action_group_list",
        "action_group_create",
        "action_group_edit",
        "sector_list",
        "sector_create",
        "sector_edit",
        "competence_list",
        "competence_create",
        "competence_edit",
        "competence_delete",
        "council_list",
        "council_seat_add",
        "council_seat_end",
        "invite_coordinator",
    ],
}

PANEL_ACTIONS = {
    "panel_meetings": [
        "convene",
        "cancel",
        "item_delete",
        "item_move",
        "document_remove",
        "minutes_draft",
    ],
    "panel_elections": ["nominate", "nominations_close", "voting_open", "close", "cancel"],
    "panel_resolutions": ["plan_pdf_generate"],
    "panel_events": [
        "publish",
        "attendance_list_request",
        "certificates_request",
        "attendance",
        "registration_cancel",
    ],
    "panel_agreements": [
        "agreement_negotiate",
        "agreement_send",
        "agreement_reopen",
        "agreement_document",
        "party_remove",
    ],
    "panel_news": ["campaign_send", "campaign_unschedule", "campaign_test"],
    "panel_cooperation": ["approve", "unhide"],
    "panel_projects": ["status", "partner_remove", "document_remove", "call_delete"],
    "panel": ["member_import_confirm", "person_invite", "person_make_primary"],
}

for _part in PARTS:
    TABLE.update(_part.TABLE)

for _namespace, _names in PANEL_PAGES.items():
    TABLE.update({f"{_namespace}:{name}": coordinator_page() for name in _names})
for _namespace, _names in PANEL_ACTIONS.items():
    TABLE.update({f"{_namespace}:{name}": coordinator_action() for name in _names})

# Who may see the objects whose titles carry a marker (world.MARKERS), on any page but a token link.
MARKER_READERS = {
    "suspended_organisation": COORDINATOR,
    "draft_resolution": COORDINATOR,
    "council_resolution": COUNCIL,
    "open_resolution": MEMBERS,
    "members_event": MEMBERS,
    "group_event": TABLE["events:detail[group]"].get,
    "draft_event": COORDINATOR,
    "draft_article": COORDINATOR,
    "members_post": MEMBERS,
    "pending_post": POST_OWNERS | COORDINATOR,
    "hidden_post": COORDINATOR,
    "members_project": MEMBERS,
    # The idea of the representative's organisation: its people, and the coordinator's inbox.
    "member_idea": frozenset({"employee", "representative", "coordinator"}),
    "council_meeting": COUNCIL,
    "draft_meeting": COORDINATOR,
}
for _part in PARTS:
    MARKER_READERS.update(_part.MARKER_READERS)
