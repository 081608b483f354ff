"""The statute's consequence of arrears: members whose fee is overdue for more than a body's
`arrears_days_without_vote` days have no vote in it (registered with resolutions' electorate
registry in FeesConfig.ready; off for a body whose setting is empty)."""

import datetime
from collections.abc import Mapping
from typing import Any

from . import selectors


def members_in_arrears_without_vote(body: Any, on: datetime.date) -> Mapping[int, str]:
    """Return {organisation id: reason} of members in arrears beyond the body's limit on `on`."""
    days = getattr(body, "arrears_days_without_vote", None)
    if days is None:
        return {}
    return selectors.organisations_in_arrears(on=on, days=days)
