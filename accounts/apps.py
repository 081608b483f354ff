from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")
    # What the anonymous page cache watches and never stores (core/page_cache.py).
    page_cache_watched = True
    page_cache_ignored_models = ("invitation",)
    page_cache_private_paths = ("accounts/",)

    def ready(self):
        from allauth.account.decorators import secure_admin_login
        from django.contrib import admin
        from django.contrib.auth.signals import user_logged_in

        from .middleware import mark_session_start

        user_logged_in.connect(mark_session_start, dispatch_uid="accounts.mark_session_start")

        from allauth.mfa.signals import authenticator_added, authenticator_removed

        from .security import (
            forget_totp_in_session,
            remember_totp_at_login,
            remember_totp_in_session,
        )

        # The session remembers that its user has an authenticator app (accounts/security.py).
        user_logged_in.connect(remember_totp_at_login, dispatch_uid="accounts.remember_totp_login")
        authenticator_added.connect(remember_totp_in_session, dispatch_uid="accounts.remember_totp")
        authenticator_removed.connect(forget_totp_in_session, dispatch_uid="accounts.forget_totp")

        # The admin logs in through the portal's login: one form, with two-factor authentication,
        # allauth's rate limits and axes' lockout, instead of a second password form beside it.
        admin.site.login = secure_admin_login(admin.site.login)
