"""Context values computed only when a template uses them."""

import functools

from django.utils.functional import SimpleLazyObject


def lazy_values(compute, *names):
    """Return {name: lazy value} of the dict `compute()` returns, called once on first use.

    A page whose list comes from the fragment cache (`{% shared_fragment %}`) then runs none of
    the list's queries.
    """
    once = functools.cache(compute)
    return {name: SimpleLazyObject(lambda name=name: once()[name]) for name in names}
