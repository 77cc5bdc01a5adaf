"""The `id` of a consolidated lieu in the national export: its own `id` (its first record's, kept through merges)
unless an older lieu (archived and merged ones included) had that id first; then « lieu-<uid> ». Unique, and stable:
uids are never reused and the older lieu never loses its id (docs/consolidation.md, § 6)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Exists, OuterRef


def identifiant(ident: str, uid: int, porte_par_un_plus_ancien: bool) -> str:
    return f"{getattr(settings, 'EXPORT_PREFIXE_ID', 'lieu-')}{uid}" if porte_par_un_plus_ancien else ident


def annoter(lieux):
    """`_pris`: an older lieu has the same `id` (index lieu_id_uid)."""
    from lieux.models import Lieu

    return lieux.annotate(_pris=Exists(Lieu.objects.filter(id=OuterRef("id"), uid__lt=OuterRef("uid"))))
