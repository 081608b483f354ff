"""Cursor pagination: stable pages however the data grows, and no COUNT over a table."""

from django.core.exceptions import ValidationError
from django.db import DataError, transaction
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination


class PortalCursorPagination(CursorPagination):
    """Pages of 25 (`page_size` up to 100), in the order the view names (`cursor_ordering`)."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "-pk"

    def get_ordering(self, request, queryset, view):
        return tuple(getattr(view, "cursor_ordering", None) or (self.ordering,))

    def paginate_queryset(self, queryset, request, view=None):
        # A forged cursor's position may not fit its column (text for a date, 40 digits for an
        # id): the query then fails, which means the cursor is not one of ours. The savepoint keeps
        # a failed query from spoiling the rest of a request that runs in a transaction.
        try:
            with transaction.atomic():
                return super().paginate_queryset(queryset, request, view)
        except (ValueError, TypeError, OverflowError, ValidationError, DataError) as error:
            raise NotFound(self.invalid_cursor_message) from error
