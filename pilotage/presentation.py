"""What the steering page shows, as plain values: the tables (each chart's accessible view, and the exports' rows),
the bars of the server-rendered SVG charts, the filter form. Shared by the page, the exports and the embed."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

from lieux import standard

from . import chiffres as ch
from . import territoires as te


def fr(nombre, decimales: int = 0) -> str:
    """12345.6 → « 12 345,6 » (narrow no-break space, decimal comma); None → « – »."""
    if nombre is None:
        return "–"
    return f"{nombre:,.{decimales}f}".replace(",", "\u202f").replace(".", ",")


def pct(valeur) -> str:
    return "–" if valeur is None else fr(valeur, 1) + " %"


def km(metres) -> str:
    return "aucun lieu" if metres is None else fr(metres / 1000, 1) + " km"


@dataclass
class Barre:
    libelle: str
    valeur: float
    texte: str
    y: int = 0
    largeur: float = 0.0

    @property
    def x_valeur(self) -> float:
        return 226 + self.largeur


@dataclass
class Graphique:
    """A horizontal bar chart drawn as SVG by the template (no JavaScript); its numbers are in `tableau`."""

    barres: list[Barre]
    hauteur_barre: int = 26
    largeur_max: int = 300

    def __post_init__(self):
        maximum = max((b.valeur for b in self.barres), default=0) or 1
        for i, b in enumerate(self.barres):
            b.y = i * self.hauteur_barre
            b.largeur = round(self.largeur_max * b.valeur / maximum, 1)

    @property
    def hauteur(self) -> int:
        return max(1, len(self.barres)) * self.hauteur_barre


@dataclass
class Tableau:
    ident: str
    titre: str
    entetes: list[str]
    lignes: list[list] = field(default_factory=list)  # display texts
    brut: list[list] = field(default_factory=list)  # raw values for the exports (same shape)
    liens: list[str | None] = field(default_factory=list)  # first cell's link, per row
    graphique: Graphique | None = None
    csv: str = ""  # its download (set by the page)
    note: str = ""

    @property
    def rangs(self) -> list[tuple[str | None, list]]:
        """(link of the first cell or None, cells) per row: what the template loops over."""
        liens = self.liens + [None] * (len(self.lignes) - len(self.liens))
        return list(zip(liens, self.lignes, strict=True))


def _part(n: int, total: int) -> float | None:
    return 100 * n / total if total else None


def tableau_chiffres(c: ch.Chiffres) -> Tableau:
    rangs = [("Lieux correspondants", fr(c.nb_lieux), c.nb_lieux),
             ("Population", fr(c.population), c.population),
             ("Lieux pour 10 000 habitants", fr(c.pour_10000, 2), c.pour_10000)]
    if c.total:
        for s in ch.SEUILS_KM:
            rangs.append((f"Part de la population à plus de {s} km d'un lieu correspondant", pct(c.total.part(s)),
                          c.total.part(s)))
    rangs += [(libelle.capitalize(), fr(n), n) for libelle, n in c.ouvertures]
    rangs.append(("Lieux mis à jour depuis moins d'un an", pct(c.part_a_jour), c.part_a_jour))
    return Tableau("chiffres", "Chiffres clés", ["Indicateur", "Valeur"],
                   [[a, b] for a, b, _ in rangs], [[a, v] for a, _, v in rangs])


def tableau_services(c: ch.Chiffres) -> Tableau:
    t = Tableau("services", "Lieux par service proposé", ["Service", "Lieux", "Part des lieux"])
    for service, n in c.services:
        t.lignes.append([service, fr(n), pct(_part(n, c.nb_lieux))])
        t.brut.append([service, n, _part(n, c.nb_lieux)])
    t.graphique = Graphique([Barre(s, n, fr(n)) for s, n in c.services])
    return t


def tableau_distances(c: ch.Chiffres) -> Tableau:
    t = Tableau("distances", "Population selon la distance au lieu correspondant le plus proche",
                ["Distance (à vol d'oiseau)", "Habitants", "Part de la population"])
    total = sum(n for _, n in c.classes)
    for classe, n in c.classes:
        t.lignes.append([classe, fr(n), pct(_part(n, total))])
        t.brut.append([classe, n, _part(n, total)])
    t.graphique = Graphique([Barre(classe, n, fr(n)) for classe, n in c.classes])
    return t


def tableau_ouvertures(c: ch.Chiffres) -> Tableau:
    t = Tableau("ouvertures", "Couverture horaire des lieux", ["Lieux", "Nombre", "Part des lieux"])
    for libelle, n in c.ouvertures:
        t.lignes.append([libelle.capitalize(), fr(n), pct(_part(n, c.nb_lieux))])
        t.brut.append([libelle, n, _part(n, c.nb_lieux)])
    t.graphique = Graphique([Barre(libelle.capitalize(), n, fr(n)) for libelle, n in c.ouvertures])
    return t


def tableau_sources(c: ch.Chiffres) -> Tableau:
    t = Tableau("sources", "Sources les plus anciennes", ["Source", "Lieux", "Mise à jour la plus ancienne"])
    for s in c.sources_anciennes:
        date = s["plus_ancienne"]
        t.lignes.append([s["source"] or "(sans source)", fr(s["lieux"]), date.strftime("%d/%m/%Y") if date else "–"])
        t.brut.append([s["source"], s["lieux"], date.isoformat() if date else ""])
    return t


def tableau_scores(c: ch.Chiffres) -> Tableau | None:
    if c.scores is None:
        return None
    t = Tableau("scores", "Répartition du score de qualité des fiches", ["Score", "Lieux"])
    for classe, n in c.scores:
        t.lignes.append([classe, fr(n)])
        t.brut.append([classe, n])
    t.graphique = Graphique([Barre(classe, n, fr(n)) for classe, n in c.scores])
    return t


def _lignes_territoires(ident, titre, rangs: list[ch.Ligne], liens=None, premiere="Territoire") -> Tableau:
    t = Tableau(ident, titre, [premiere, "Population", "Lieux", "Lieux pour 10 000 hab.",
                               *(f"Population à plus de {s} km" for s in ch.SEUILS_KM)])
    for i, r in enumerate(rangs):
        parts = [r.part(s) if r.au_dela else None for s in ch.SEUILS_KM]
        t.lignes.append([r.nom, fr(r.population), fr(r.lieux), fr(r.pour_10000, 2), *(pct(p) for p in parts)])
        t.brut.append([r.nom, r.population, r.lieux, r.pour_10000, *parts])
        t.liens.append(liens[i] if liens else None)
    return t


def url_territoire(niveau: str, code: str, params=()) -> str:
    url = reverse("pilotage:accueil") if niveau == "france" else reverse("pilotage:territoire", args=[niveau, code])
    return url + ("?" + urlencode(list(params)) if params else "")


def tableau_communes(c: ch.Chiffres, lignes=None, limite: int | None = None) -> Tableau:
    rangs = c.communes if lignes is None else lignes
    total = len(rangs)
    if limite and total > limite:
        rangs = sorted(rangs, key=lambda r: -r.population)[:limite]
    t = Tableau("communes", "Communes du territoire", ["Commune", "Code INSEE", "Population", "Lieux",
                                                        "Distance au lieu le plus proche"])
    for r in rangs:
        t.lignes.append([r.nom, r.code, fr(r.population), fr(r.lieux), km(r.distance_m)])
        t.brut.append([r.nom, r.code, r.population, r.lieux, None if r.distance_m is None else round(r.distance_m)])
        t.liens.append(url_territoire("commune", r.code, c.filtre.params))
    if limite and total > limite:
        t.note = (f"Les {fr(limite)} communes les plus peuplées sur {fr(total)} : toutes les communes sont dans le "
                  "fichier CSV.")
    return t


def tableau_loin(c: ch.Chiffres) -> Tableau:
    t = tableau_communes(c, c.communes_loin)
    t.ident, t.titre = "loin", "Communes sans lieu correspondant à moins de 10 km (les plus peuplées d'abord)"
    return t


def tableau_enfants(c: ch.Chiffres) -> Tableau | None:
    niveau = te.ENFANTS.get(c.territoire.niveau)
    if niveau is None or not c.distances_disponibles:
        return None
    rangs = ch.par_sous_territoire(c.territoire, c.filtre, niveau)
    liens = [url_territoire(niveau, r.code, c.filtre.params) for r in rangs]
    titre = f"Par {te.LIBELLES[niveau]}"
    return _lignes_territoires("sous-territoires", titre, rangs, liens, te.LIBELLES[niveau].capitalize())


def tableau_comparaison(c: ch.Chiffres) -> Tableau | None:
    t = c.territoire
    parent = te.parent(t)
    autres = ([parent] if parent else []) + te.voisins(t)
    if not autres:
        return None
    rangs = ch.comparaison([t, *autres], c.filtre)
    liens = [None] + [url_territoire(a.niveau, a.code, c.filtre.params) for a in autres]
    return _lignes_territoires("comparaison", f"Comparer {t.nom} à son territoire parent et à ses voisins", rangs,
                               liens)


def tableaux(c: ch.Chiffres, comparer: bool = True, limite_communes: int | None = 100) -> list[Tableau]:
    liste = [tableau_chiffres(c)]
    if c.distances_disponibles:
        liste.append(tableau_distances(c))
    liste += [tableau_services(c), tableau_ouvertures(c), tableau_sources(c)]
    score = tableau_scores(c)
    if score:
        liste.append(score)
    enfants = tableau_enfants(c) if te.ENFANTS.get(c.territoire.niveau) != "commune" else None
    if enfants:
        liste.append(enfants)
    if comparer:
        comparaison = tableau_comparaison(c)
        if comparaison:
            liste.append(comparaison)
    if c.distances_disponibles:
        liste.append(tableau_loin(c))
    if c.communes:
        liste.append(tableau_communes(c, limite=limite_communes))
    return liste


# --- the filter form (the map's parameters, a GET form: works without JavaScript) -----------------------------------

CHOIX = (("services", "Services", standard.SERVICES),
         ("publics_specifiquement_adresses", "Publics spécifiquement adressés", standard.PUBLICS_SPECIFIQUEMENT_ADRESSES),
         ("frais_a_charge", "Frais à charge", standard.FRAIS_A_CHARGE))
AUTRES = (("creneau", "sa", "Ouvert le samedi"), ("modalites_acces", ch.SANS_RDV, "Sans rendez-vous (se présenter)"))


def formulaire(f: ch.Filtre) -> list[dict]:
    choisis = set(f.params)
    groupes = []
    for nom, legende, valeurs in CHOIX:
        groupes.append({"nom": nom, "legende": legende, "options": [
            {"id": f"f-{nom}-{i}", "nom": nom, "valeur": v, "libelle": v, "coche": (nom, v) in choisis}
            for i, v in enumerate(valeurs)]})
    groupes.append({"nom": "autres", "legende": "Ouverture et accès", "options": [
        {"id": f"f-{nom}", "nom": nom, "valeur": v, "libelle": libelle, "coche": (nom, v) in choisis}
        for nom, v, libelle in AUTRES]})
    return groupes
