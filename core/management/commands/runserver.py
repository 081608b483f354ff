"""`runserver` that makes links in e-mails point at the address it actually serves.

Without SITE_URL in the environment, `make run PORT=8101` (or `manage.py runserver 8101`) sets the
portal's address to the one served, so invitations and confirmations sent from the development
server lead back to it. A SITE_URL that is set always wins.
"""

import os

from django.conf import settings
from whitenoise.runserver_nostatic.management.commands.runserver import (
    Command as StaticlessRunserver,
)

# Addresses that mean "every interface" are no place to send a reader: the local host is.
WILDCARD_HOSTS = {"0.0.0.0": "127.0.0.1", "::": "::1"}


class Command(StaticlessRunserver):
    def inner_run(self, *args, **options):
        if not os.environ.get("SITE_URL"):
            host = WILDCARD_HOSTS.get(self.addr, self.addr)
            if ":" in host:
                host = f"[{host}]"
            settings.SITE_URL = f"{self.protocol}://{host}:{self.port}"
        super().inner_run(*args, **options)
