"""Named role checks. Views and templates ask these, never the models directly."""


def is_coordinator(user):
    """Cluster office staff, and superusers, who may do everything a coordinator does."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_coordinator or user.is_superuser)
    )
