"""How a record names someone whose personal data was erased (issue 18).

Records the cluster must keep (resolutions, tallies, minutes, the audit trail, invoices) still point
to the person's row; once erased, that row answers with this label in the reader's language.
"""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext


def erased_person_label(erased_on: datetime.date) -> str:
    """Return "a person erased on <date>" in the active language."""
    # Translators: shown instead of the name of a person whose personal data was erased.
    return gettext("a person erased on %(date)s") % {"date": date_format(erased_on, "DATE_FORMAT")}
