"""Which data an account may see and change: one rule, used by every queryset of the coordinators' space.

`q_perimetre(user, chemin)` is a filter on any model that reaches a commune through `chemin` (a lookup path to a
`Commune`: « commune_officielle » on a lieu, « lieu__commune_officielle » on a report, …). A superuser or a national
coordinator gets the empty filter (everything); a coordinator the union of their territories; any other account a
filter that matches nothing. A commune is in a territory when it is one of the listed communes, or an arrondissement
municipal of one of them (Paris, Lyon, Marseille), or lies in a listed EPCI, département or région.
`q_territoires(user, chemin)` is the same union even for a national account (what « your territory first » sorts by).
The rules per model and why: docs/perimetres.md.
"""

from django.db.models import Q

RIEN = Q(pk__in=[])
NIVEAUX = ("regions", "departements", "epcis", "communes")


def coordinateur_de(user):
    if not getattr(user, "is_authenticated", False):
        return None
    from lieux.models import Coordinateur

    try:
        return user.coordinateur
    except Coordinateur.DoesNotExist:
        return None


def est_national(user) -> bool:
    if not getattr(user, "is_active", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    coordinateur = coordinateur_de(user)
    return bool(coordinateur and coordinateur.national)


def codes_des_territoires(user) -> dict[str, list[str]]:
    """The codes of the account's territories by level (all empty without a Coordinateur row)."""
    coordinateur = coordinateur_de(user)
    if coordinateur is None or not getattr(user, "is_active", False):
        return dict.fromkeys(NIVEAUX, [])
    return {niveau: list(getattr(coordinateur, niveau).values_list("code", flat=True)) for niveau in NIVEAUX}


def codes_du_perimetre(user) -> dict[str, list[str]] | None:
    """None for a national account; else the codes of its territories by level (maybe all empty)."""
    return None if est_national(user) else codes_des_territoires(user)


def _q(codes: dict[str, list[str]], chemin: str) -> Q:
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


def q_perimetre(user, chemin: str = "commune_officielle") -> Q:
    """The filter; `chemin` is the lookup path to a Commune, or "" on the Commune model itself."""
    codes = codes_du_perimetre(user)
    return Q() if codes is None else _q(codes, chemin)


def q_territoires(user, chemin: str = "commune_officielle") -> Q:
    """The account's own territories, national or not (nothing when it has none): to sort « your territory first »."""
    return _q(codes_des_territoires(user), chemin)


def a_des_territoires(user) -> bool:
    return any(codes_des_territoires(user).values())


def dans_le_perimetre(user, commune) -> bool:
    """Whether a commune (a Commune or None) lies in the account's territories (None: only for national accounts)."""
    if est_national(user):
        return True
    if commune is None:
        return False
    from lieux.models import Commune

    return Commune.objects.filter(pk=commune.pk).filter(q_perimetre(user, "")).exists()


def communes_du_perimetre(user) -> frozenset[str] | None:
    """The codes of every commune (and arrondissement) of the account's territories; None for a national account.
    For a check in memory over many rows (an import's analysis)."""
    if est_national(user):
        return None
    from lieux.models import Commune

    return frozenset(Commune.objects.filter(q_perimetre(user, "")).values_list("code", flat=True))


def description_du_perimetre(user) -> str:
    """« Maine-et-Loire (49), Angers (49007) » — for messages."""
    if est_national(user):
        return "toute la France"
    coordinateur = coordinateur_de(user)
    if coordinateur is None:
        return "aucun territoire"
    noms = [str(t) for niveau in NIVEAUX for t in getattr(coordinateur, niveau).all()]
    return ", ".join(noms) or "aucun territoire"


def q_comptes_du_territoire(commune) -> Q:
    """A filter on accounts: those whose territory holds `commune` (a Commune, or None: national accounts only) —
    superusers, national coordinators, coordinators of one of its territories. Who is told about a lieu."""
    filtre = Q(is_superuser=True) | Q(coordinateur__national=True)
    if commune is None:
        return filtre
    c = "coordinateur__"
    for code in (commune.pk, commune.commune_parente_id):
        if code:
            filtre |= Q(**{f"{c}communes": code})
    for niveau, code in (("departements", commune.departement_id), ("regions", commune.region_id),
                         ("epcis", commune.epci_id)):
        if code:
            filtre |= Q(**{f"{c}{niveau}": code})
    return filtre
