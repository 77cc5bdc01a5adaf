"""Which data an account may see and change: one rule, used by every queryset of the coordinators' space.

`q_perimetre(user, chemin)` is a filter on any model that reaches a commune through `chemin` (a lookup path to a
`Commune`: « commune_officielle » on a lieu, « lieu__commune_officielle » on a report, …). A superuser or a national
coordinator gets the empty filter (everything); a coordinator the union of their territories; any other account a
filter that matches nothing.
"""

from django.db.models import Q

RIEN = Q(pk__in=[])


def coordinateur_de(user):
    if not getattr(user, "is_authenticated", False):
        return None
    from lieux.models import Coordinateur

    try:
        return user.coordinateur
    except Coordinateur.DoesNotExist:
        return None


def est_national(user) -> bool:
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    coordinateur = coordinateur_de(user)
    return bool(coordinateur and coordinateur.national)


def codes_du_perimetre(user) -> dict[str, list[str]] | None:
    """None for a national account; else the codes of its territories by level (maybe all empty)."""
    if est_national(user):
        return None
    coordinateur = coordinateur_de(user)
    if coordinateur is None:
        return {"regions": [], "departements": [], "epcis": [], "communes": []}
    return {
        "regions": list(coordinateur.regions.values_list("code", flat=True)),
        "departements": list(coordinateur.departements.values_list("code", flat=True)),
        "epcis": list(coordinateur.epcis.values_list("code", flat=True)),
        "communes": list(coordinateur.communes.values_list("code", flat=True)),
    }


def q_perimetre(user, chemin: str = "commune_officielle") -> Q:
    """The filter; `chemin` is the lookup path to a Commune, or "" on the Commune model itself."""
    codes = codes_du_perimetre(user)
    if codes is None:
        return Q()
    prefixe = f"{chemin}__" if chemin else ""
    filtre = RIEN
    if codes["regions"]:
        filtre |= Q(**{f"{prefixe}region_id__in": codes["regions"]})
    if codes["departements"]:
        filtre |= Q(**{f"{prefixe}departement_id__in": codes["departements"]})
    if codes["epcis"]:
        filtre |= Q(**{f"{prefixe}epci_id__in": codes["epcis"]})
    if codes["communes"]:
        filtre |= Q(**{f"{prefixe}pk__in": codes["communes"]})
        filtre |= Q(**{f"{prefixe}commune_parente_id__in": codes["communes"]})
    return filtre


def dans_le_perimetre(user, commune) -> bool:
    """Whether a commune (a Commune or None) lies in the account's territories (None: only for national accounts)."""
    if est_national(user):
        return True
    if commune is None:
        return False
    from lieux.models import Commune

    return Commune.objects.filter(pk=commune.pk).filter(q_perimetre(user, "")).exists()
