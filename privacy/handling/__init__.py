"""The registry's declarations, one module per kind of handling (see `privacy/registry.py`).

- `deleted`: rows that go with an erasure;
- `anonymised`: rows that stay with their personal fields replaced;
- `kept`: rows the cluster must keep whole, which name the person only through the anonymised
  `User` or `Person`.

Models of apps still being written are declared only when they exist (`registry.installed`).
"""


def register_all() -> None:
    from . import anonymised, deleted, kept

    for module in (deleted, anonymised, kept):
        module.register_declarations()
