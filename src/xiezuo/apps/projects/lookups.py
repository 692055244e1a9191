"""`pairing__within=<id>`: a pairing and every pairing below it, in the same query.

A pairing's figures count the pairings below it (a city pairing counts its county pairings), and each
figure links to the project list filtered the same way, so the list and the figure agree. The subtree is
a recursive common table expression (SQLite and PostgreSQL), so filtering costs one query whatever the depth.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Lookup


class WithinPairing(Lookup):  # type: ignore[type-arg]
    lookup_name = "within"

    def get_prep_lookup(self) -> Any:
        value = getattr(self.rhs, "pk", self.rhs)  # a Pairing or its id
        return int(value)

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        from xiezuo.apps.pairings.models import Pairing

        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        quote = connection.ops.quote_name
        table = quote(Pairing._meta.db_table)
        id_type = Pairing._meta.pk.rel_db_type(connection)  # type: ignore[union-attr]
        subtree = (
            f"WITH RECURSIVE pairing_tree(id) AS (SELECT CAST({rhs} AS {id_type}) "
            f"UNION SELECT child.{quote('id')} FROM {table} child "
            f"JOIN pairing_tree ON child.{quote('parent_id')} = pairing_tree.id) SELECT id FROM pairing_tree"
        )
        return f"{lhs} IN ({subtree})", [*lhs_params, *rhs_params]
