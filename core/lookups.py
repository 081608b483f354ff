"""A lookup that keeps integers a column cannot hold away from the database."""

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    """`in` on an integer column, leaving out the values outside the column's range.

    Django already does so for `exact` and the comparisons (IntegerFieldOverflow), not for `in`:
    on SQLite an id of 40 digits posted to a multiple choice of objects (ModelMultipleChoiceField
    checks the ids with `pk__in`) raised OverflowError, a server error instead of "not one of the
    available choices". No such value can match, so leaving it out changes no result.
    """

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
