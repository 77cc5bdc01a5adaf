"""Offline search of a commune by name or postcode (accent-insensitive, trigram index), for the map's search box,
and of a lieu by its name.

`chercher_communes("st etienne")` → Saint-Étienne first. A 5-digit text is a postcode (or an INSEE code); a name is
matched against `Commune.nom_recherche` (lowercase, unaccented, built by load_geography) with the pg_trgm `%`
operator (GIN index commune_nom_trgm), prefix matches first, then by similarity and population. « Marseille 1 »
puts the 1er arrondissement first; « 13001 Marseille » (postcode and name) finds the communes of that postcode whose
name starts so, the most precise first (the arrondissement before the whole city).

`chercher_lieux("mediatheque toussaint")`: active, located lieux whose name holds every word (accents ignored).
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import BooleanField, Case, F, Func, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length
from django.urls import reverse

from lieux.models import Commune, Lieu
from lieux.noms import nom_recherche

MAX_RESULTATS = 8
MAX_LIEUX = 5
_CODE_POSTAL = re.compile(r"(?<!\d)(\d{5})(?!\d)")
_NUMERO = re.compile(r"^(.+?) (\d{1,2})(?:er|e|eme|ieme)?(?: arr(?:ondissement)?)?$")
_ABREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def normalise_recherche(texte: str) -> str:
    """'St-Étienne' → 'saint etienne': as Commune.nom_recherche is built (see scripts/build_geography.py)."""
    return " ".join(_ABREVIATIONS.get(mot, mot) for mot in nom_recherche(texte).split())


def chercher_communes(texte: str, limite: int = MAX_RESULTATS, parmi=None) -> list[dict]:
    """`parmi`: a Commune queryset to search in (an embed's territory, embed), all communes by default."""
    texte = (texte or "").strip()[:100]
    if len(texte) < 2:
        return []
    base = (Commune.objects if parmi is None else parmi).filter(point__isnull=False).select_related("departement")
    chiffres = re.sub(r"\s", "", texte)
    if re.fullmatch(r"\d{5}|2[ABab]\d{3}", chiffres):
        communes = base.filter(Q(codes_postaux__contains=[chiffres]) | Q(code=chiffres.upper())).order_by(
            "type", "-population")
    elif re.fullmatch(r"\d{2,4}", chiffres):
        communes = base.filter(codes_postaux__overlap=[]).none()  # a partial postcode: wait for more digits
    elif (code_et_nom := code_postal_et_nom(texte)) is not None:
        code, nom = code_et_nom
        communes = (base.filter(codes_postaux__contains=[code], nom_recherche__startswith=nom)
                    .annotate(n_codes=Func(F("codes_postaux"), Value(1), function="array_length",
                                           output_field=IntegerField()))
                    .order_by("n_codes", F("population").desc(nulls_last=True)))
    else:
        cherche = normalise_recherche(texte)
        if not cherche:
            return []
        arrondissement = nom_d_arrondissement(cherche)
        trouvable = Q(nom_recherche__trigram_similar=cherche) | Q(nom_recherche__startswith=cherche)
        if arrondissement:
            trouvable |= Q(nom_recherche=arrondissement)
        communes = (
            base.filter(trouvable)
            .annotate(
                prefixe=Case(When(nom_recherche=cherche, then=Value(3)),
                             When(nom_recherche=arrondissement or cherche, then=Value(2)),
                             When(nom_recherche__startswith=cherche, then=Value(1)),
                             default=Value(0), output_field=IntegerField()),
                similarite=TrigramSimilarity("nom_recherche", cherche),
            )
            .order_by("-prefixe", "-similarite", F("population").desc(nulls_last=True))
        )
    trouvees = list(communes[:limite])
    if chiffres.isdigit() or len(chiffres) < 3:
        return [resultat(c) for c in trouvees]
    # former / delegated names: an exact alias ranks with an exact name, a prefix with a prefix
    cherche = normalise_recherche(texte)
    rangs = {c.code: getattr(c, "prefixe", 0) for c in trouvees}
    for c in _par_alias(base, texte, limite):
        alias = [normalise_recherche(a) for a in c.alias]
        rangs.setdefault(c.code, 2 if cherche in alias else 1)
        if c.code not in {t.code for t in trouvees}:
            trouvees.append(c)
    ordre = {c.code: i for i, c in enumerate(trouvees)}
    trouvees.sort(key=lambda c: (-rangs[c.code], ordre[c.code]))
    return [resultat(c) for c in trouvees[:limite]]


def code_postal_et_nom(texte: str) -> tuple[str, str] | None:
    """« 13001 Marseille », « Angers 49000 » → ("13001", "marseille"); None without a postcode and a name."""
    trouve = _CODE_POSTAL.search(texte or "")
    if not trouve:
        return None
    nom = normalise_recherche((texte[:trouve.start()] + " " + texte[trouve.end():]).replace(",", " "))
    return (trouve.group(1), nom) if nom and not re.search(r"\d", nom) else None


def nom_d_arrondissement(cherche: str) -> str:
    """« marseille 1 », « paris 16e » → the search name of that municipal arrondissement (« marseille 1er
    arrondissement »); "" when the text does not end with a number."""
    trouve = _NUMERO.match(cherche)
    if not trouve or not 1 <= int(trouve.group(2)) <= 20:
        return ""
    n = int(trouve.group(2))
    return f"{trouve.group(1)} {n}{'er' if n == 1 else 'e'} arrondissement"


def _par_alias(base, texte: str, limite: int):
    """Communes whose former or delegated commune names (alias) start with the text (Bellegarde → Valserhône)."""
    motif = normalise_recherche(texte).replace("%", "").replace("_", "") + "%"
    condition = RawSQL(
        "EXISTS (SELECT 1 FROM unnest(\"lieux_commune\".\"alias\") a"
        " WHERE translate(lower(unaccent(a)), '-''’', '   ') LIKE %s)",
        (motif,), output_field=BooleanField(),
    )
    return base.exclude(alias=[]).filter(condition).order_by(F("population").desc(nulls_last=True))[:limite]


def resultat(c: Commune) -> dict:
    return {
        "type": "commune",
        "code": c.code,
        "nom": c.nom,
        "libelle": f"{c.nom} ({', '.join(c.codes_postaux[:3])}{'…' if len(c.codes_postaux) > 3 else ''})"
        if c.codes_postaux else c.nom,
        "departement": c.departement.nom if c.departement else "",
        "commune_parente": c.commune_parente_id or "",
        "codes_postaux": c.codes_postaux,
        "lat": round(c.point.y, 5),
        "lon": round(c.point.x, 5),
        "bbox": [round(v, 4) for v in c.geom.extent] if c.geom else None,
    }


def chercher_lieux(texte: str, limite: int = MAX_LIEUX, parmi=None) -> list[dict]:
    """Active, located lieux whose name holds every word of `texte`, accents and case ignored; names starting with
    the text first, then the shortest. `parmi`: a Lieu queryset to search in (all active lieux by default)."""
    mots = [m for m in nom_recherche(texte or "").split() if len(m) >= 2][:6]
    if len(" ".join(mots)) < 3:
        return []
    base = (Lieu.objects.actifs() if parmi is None else parmi).localises()
    for mot in mots:
        base = base.filter(nom__unaccent__icontains=mot)
    lieux = (base.annotate(debut=Case(When(nom__unaccent__istartswith=mots[0], then=Value(1)), default=Value(0),
                                      output_field=IntegerField()), longueur=Length("nom"))
             .order_by("-debut", "longueur", "nom")
             .only("uid", "nom", "commune", "code_postal", "localisation")[:limite])
    return [{"type": "lieu", "uid": lieu.uid, "nom": lieu.nom, "libelle": lieu.nom,
             "commune": f"{lieu.commune} ({lieu.code_postal})" if lieu.code_postal else lieu.commune,
             "lien": reverse("lieux:lieu", args=[lieu.uid]),
             "lat": round(lieu.localisation.y, 6), "lon": round(lieu.localisation.x, 6)} for lieu in lieux]
