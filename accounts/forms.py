"""Account forms that check a password go through authenticate(), so axes counts their failures."""

from allauth.account.adapter import get_adapter
from allauth.account.forms import ChangePasswordForm


class PortalChangePasswordForm(ChangePasswordForm):
    def clean_oldpassword(self):
        """Check the current password as a login would: a locked-out account cannot guess here."""
        password = self.cleaned_data.get("oldpassword", "")
        if not get_adapter().reauthenticate(self.user, password):
            raise get_adapter().validation_error("enter_current_password")
        return password
