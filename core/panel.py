"""The one way a panel page is rendered, for every app's panel views.

The panel's templates live under `templates/panel/`; `section` marks the current item of the
panel's navigation (the shell's `portal/navigation.py` lists the items).
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def panel_render(
    request: HttpRequest,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    section: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render `panel/<template>` with the navigation's current `section`."""
    return render(
        request, f"panel/{template}", {"section": section, **(context or {})}, status=status
    )
