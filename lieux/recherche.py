"""Offline search of a commune by name or postcode (accent-insensitive, trigram index), for the map's search box.

`chercher_communes("st etienne")` → Saint-Étienne first. A 5-digit text is a postcode (or an INSEE code); a name is
matched against `Commune.nom_recherche` (lowercase, unaccented, built by load_geography) with the pg_trgm `%`
operator (GIN index commune_nom_trgm), prefix matches first, then by similarity and population.
"""

from __future__ import annotations

import re
import unicodedata

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import BooleanField, Case, F, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL

from lieux.models import Commune

MAX_RESULTATS = 8
_ABREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def normalise_recherche(texte: str) -> str:
    """'St-Étienne' → 'saint etienne': as Commune.nom_recherche is built (see scripts/build_geography.py)."""
    s = texte.lower().replace("œ", "oe").replace("æ", "ae")
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    for c in "-‐‑–—'’`´":
        s = s.replace(c, " ")
    return " ".join(_ABREVIATIONS.get(mot, mot) for mot in s.split())


def chercher_communes(texte: str, limite: int = MAX_RESULTATS, parmi=None) -> list[dict]:
    """`parmi`: a Commune queryset to search in (an embed's territory, lieux/embed), all communes by default."""
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
    else:
        cherche = normalise_recherche(texte)
        if not cherche:
            return []
        communes = (
            base.filter(Q(nom_recherche__trigram_similar=cherche) | Q(nom_recherche__startswith=cherche))
            .annotate(
                prefixe=Case(When(nom_recherche=cherche, then=Value(2)),
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
        "codes_postaux": c.codes_postaux,
        "lat": round(c.point.y, 5),
        "lon": round(c.point.x, 5),
        "bbox": [round(v, 4) for v in c.geom.extent] if c.geom else None,
    }
