"""Who may read the annual reports: the council, which presents them to the Assembly, and the
coordinator, who prepares them."""

from accounts import roles as account_roles
from accounts.decorators import role_required
from members import roles


def can_read_annual_reports(user) -> bool:
    return account_roles.is_coordinator(user) or roles.is_council_member(user)


annual_report_reader_required = role_required(can_read_annual_reports)
