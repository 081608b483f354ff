"""The security tests' world and table for the apps of issues 17–19, one module per app.

Each module gives:

- `build(world, *, outsider, employee, representative, council_member, coordinator)`: adds its
  objects to `world.objects` (called inside `build_world`, after the older apps' objects exist);
- `url_kwargs(objects)`: the kwargs of its URLs by URL name (a `rules.Variants` where one URL is
  tried with objects of different reach);
- `TABLE`: the `rules.Rule` of each of its URL cases;
- `MARKER_READERS`: who may see its marked objects (`rules.marker_for(name)` in their titles);
- `WITHOUT_A_FORM`: its POST URLs no page offers a form for, with the reason;
- `EXTRA_PAGES`: `(url name, object name)` pages with forms the URL cases do not open.
"""

from . import api, documents, fees, privacy, reports, search, surveys, webhooks

PARTS = (fees, surveys, documents, reports, webhooks, privacy, search, api)
