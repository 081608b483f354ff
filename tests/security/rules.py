"""The vocabulary of the access table: personas, groups of personas, and a case's `Rule`.

Kept apart from `access_table` and `world` so that the parts of later apps (`parts/`) can use it
without importing either.
"""

from dataclasses import dataclass

PERSONAS = (
    "anonymous",
    "outsider",
    "employee",
    "representative",
    "council_member",
    "coordinator",
)


PUBLIC = frozenset(PERSONAS)
NOBODY = frozenset()
LOGGED_IN = PUBLIC - {"anonymous"}
# sees_members_only_content: people of active members (representatives and the council member
# work for one) and the coordinator.
MEMBERS = frozenset({"employee", "representative", "council_member", "coordinator"})
# can_see_plans: the same people, by another named check (members' staff, council, coordinator).
PLAN_READERS = MEMBERS
REPRESENTATIVE = frozenset({"representative"})
# Council resolutions: the council and the coordinator, who manages every resolution.
COUNCIL = frozenset({"council_member", "coordinator"})
COORDINATOR = frozenset({"coordinator"})
# The board: people of active members post; the world's own posts are the representative's
# organisation's, where the employee works too.
BOARD_POSTERS = frozenset({"employee", "representative", "council_member"})
POST_OWNERS = frozenset({"employee", "representative"})
# People of active members (member_person_of): the coordinator works for none.
MEMBER_PEOPLE = MEMBERS - COORDINATOR
# The people of the organisation behind the world's joint purchase, and the coordinator.
PURCHASE_ORGANISERS = frozenset({"employee", "representative", "coordinator"})


@dataclass(frozen=True)
class Rule:
    get: frozenset
    away: frozenset = NOBODY
    post: frozenset | None = None
    # A link whose token is the credential shows its object to whoever holds it.
    by_token: bool = False

    @property
    def posters(self):
        return self.get | self.away if self.post is None else self.post


def public():
    return Rule(get=PUBLIC)


def coordinator_page():
    return Rule(get=COORDINATOR)


def coordinator_action():
    """A coordinator's POST-only action: nobody gets a page from a GET."""
    return Rule(get=NOBODY, post=COORDINATOR)


def token_link(**fields):
    """A link whose token is the credential (e-mailed to its owner): whoever holds it."""
    return Rule(**{"get": PUBLIC, **fields, "by_token": True})


def bad_token():
    """The same link with a token that does not exist: nobody gets anything."""
    return Rule(get=NOBODY)


def marker_for(name):
    """The word in the title of an object only some personas may see (see `MARKER_READERS`)."""
    return f"Marker{name.title().replace('_', '')}"


# A key of a URL's kwargs that is no kwarg: the query string the case is asked with (a search
# page asked for the markers' word, say). `world.url_cases` takes it out before reversing.
QUERY = "?"


class Variants(dict):
    """Kwargs for one URL tried several times: {variant name: kwargs}."""
