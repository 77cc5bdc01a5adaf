#!/usr/bin/env python
"""The import graph of the project's apps, and the rules it must obey: apps depend in one direction only.

Reads every .py of the project apps (migrations and tests aside) with `ast` — no third-party tool, no import of the
code — including the imports written inside functions (a lazy import is still a dependency), and builds the
module-level graph and the app-level graph. Prints the app graph (and the module graph with --modules), then fails
(exit code 1) on:

  (a) a cycle between apps;
  (b) an import going up the declared layering (COUCHES, bottom → top), or an app that is not declared;
  (c) a page app importing another app's `views` (shared presentation lives in non-view modules:
      lieux/presentation.py, lieux/panneau.py, lieux/fiche.py, orientation/presentation.py);
  (d) a cycle between modules of one app at import time (module-level imports only: an import inside a function
      runs after both modules are loaded, so it cannot deadlock the loading).

The layering, bottom → top: an app may import the apps of the layers below its own, never a peer nor above.

    taches, sauvegardes     background-task machinery, backups: know nothing of the domain
    lieux                   the standard, the lieux, the territories, the map, the lieu pages, the API
    imports                 files and DORA → lieux (imports.dora is a package of imports)
    orientation             the orientation path, over lieux (and told of imports by a signal)
    contributions           the public's declarations and proposed updates, their moderation (peer of orientation)
    campagnes, pilotage     update campaigns sent to lieux (over contributions); territorial steering figures
    embed                   the map and the orientation framed in a partner's site
    mediation               the project: settings, root URLs, middleware, context processors

Usage: .venv/bin/python scripts/graphe_imports.py [--modules]   (tests/test_architecture.py runs it)
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
COUCHES: list[tuple[str, ...]] = [
    ("taches", "sauvegardes"),
    ("lieux",),
    ("imports",),
    ("orientation", "contributions"),
    ("campagnes", "pilotage"),
    ("embed",),
    ("mediation",),
]
PROJET = "mediation"  # the project package: it wires the views into URLs, it is no page app
EXCLUS = {"migrations", "tests", "__pycache__", ".venv", "node_modules"}


@dataclass(frozen=True)
class Import:
    source: str  # module importing
    cible: str  # project module imported
    ligne: int
    au_chargement: bool  # at module level (runs when the module loads), not inside a function


@dataclass
class Graphe:
    modules: set[str] = field(default_factory=set)
    imports: list[Import] = field(default_factory=list)

    def aretes_apps(self) -> dict[tuple[str, str], list[Import]]:
        aretes = defaultdict(list)
        for i in self.imports:
            a, b = app(i.source), app(i.cible)
            if a != b:
                aretes[(a, b)].append(i)
        return dict(aretes)


def app(module: str) -> str:
    return module.split(".")[0]


def _module(chemin: Path, racine: Path) -> str:
    parties = list(chemin.relative_to(racine).with_suffix("").parts)
    if parties[-1] == "__init__":
        parties.pop()
    return ".".join(parties)


def fichiers(racine: Path, apps: set[str]) -> list[Path]:
    return sorted(p for nom in apps if (racine / nom).is_dir() for p in (racine / nom).rglob("*.py")
                  if not EXCLUS & set(p.relative_to(racine).parts) and not p.name.startswith("test_"))


def _au_chargement(arbre: ast.Module) -> set[int]:
    """ids of the import nodes that run when the module loads: not inside a function (a class body does run)."""
    dans_fonctions = set()
    for noeud in ast.walk(arbre):
        if isinstance(noeud, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            dans_fonctions |= {id(n) for n in ast.walk(noeud) if isinstance(n, (ast.Import, ast.ImportFrom))}
    return {id(n) for n in ast.walk(arbre) if isinstance(n, (ast.Import, ast.ImportFrom))} - dans_fonctions


def _resoudre(nom: str, modules: set[str]) -> str | None:
    """The longest project module that `nom` names (`lieux.models.Lieu` → `lieux.models`)."""
    while nom:
        if nom in modules:
            return nom
        nom = nom.rpartition(".")[0]
    return None


def construire(racine: Path = RACINE, apps: set[str] | None = None) -> Graphe:
    apps = apps or {a for couche in COUCHES for a in couche}
    chemins = fichiers(racine, apps)
    graphe = Graphe(modules={_module(p, racine) for p in chemins})
    for chemin in chemins:
        source = _module(chemin, racine)
        paquet = source if chemin.name == "__init__.py" else source.rpartition(".")[0]
        arbre = ast.parse(chemin.read_text(encoding="utf-8"), filename=str(chemin))
        charges = _au_chargement(arbre)
        for noeud in ast.walk(arbre):
            noms = []
            if isinstance(noeud, ast.Import):
                noms = [a.name for a in noeud.names]
            elif isinstance(noeud, ast.ImportFrom):
                base = noeud.module or ""
                if noeud.level:
                    parent = paquet.split(".")[: len(paquet.split(".")) - noeud.level + 1]
                    base = ".".join(parent + ([base] if base else []))
                noms = [f"{base}.{a.name}" for a in noeud.names if a.name != "*"] or [base]
            for nom in noms:
                cible = _resoudre(nom, graphe.modules)
                if cible and cible != source:
                    graphe.imports.append(Import(source, cible, noeud.lineno, id(noeud) in charges))
    return graphe


def _cycles(aretes: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan), each sorted: the cycles."""
    index, bas, pile, sur_pile, composantes, compteur = {}, {}, [], set(), [], [0]

    def visiter(v):
        index[v] = bas[v] = compteur[0]
        compteur[0] += 1
        pile.append(v)
        sur_pile.add(v)
        for w in sorted(aretes.get(v, ())):
            if w not in index:
                visiter(w)
                bas[v] = min(bas[v], bas[w])
            elif w in sur_pile:
                bas[v] = min(bas[v], index[w])
        if bas[v] == index[v]:
            composante = []
            while True:
                w = pile.pop()
                sur_pile.discard(w)
                composante.append(w)
                if w == v:
                    break
            if len(composante) > 1:
                composantes.append(sorted(composante))

    noeuds = set(aretes) | {w for ws in aretes.values() for w in ws}
    for v in sorted(noeuds):
        if v not in index:
            visiter(v)
    return composantes


def _ou(i: Import) -> str:
    return f"{i.source} (ligne {i.ligne}) → {i.cible}"


def verifier(graphe: Graphe, couches: list[tuple[str, ...]] = COUCHES, projet: str = PROJET) -> list[str]:
    """Every broken rule, in French, one line each; [] when the graph obeys them all."""
    rang = {a: n for n, couche in enumerate(couches) for a in couche}
    problemes = []
    aretes_apps = graphe.aretes_apps()
    successeurs = defaultdict(set)
    for a, b in aretes_apps:
        successeurs[a].add(b)
    for cycle in _cycles(successeurs):
        exemples = "; ".join(_ou(aretes_apps[(a, b)][0]) for a in cycle for b in cycle if (a, b) in aretes_apps)
        problemes.append(f"(a) cycle entre les apps {' ↔ '.join(cycle)} : {exemples}")
    for (a, b), imports in sorted(aretes_apps.items()):
        if a not in rang or b not in rang:
            problemes.append(f"(b) app non déclarée dans COUCHES : {a if a not in rang else b}")
        elif rang[b] >= rang[a]:
            sens = "d'une app voisine" if rang[b] == rang[a] else "d'une couche au-dessus"
            problemes += [f"(b) import {sens} : {_ou(i)}" for i in imports]
    for i in graphe.imports:
        a, b = app(i.source), app(i.cible)
        if a != b and a != projet and "views" in i.cible.split(".")[1:]:
            problemes.append(f"(c) une app importe les vues d'une autre : {_ou(i)}")
    internes = defaultdict(set)
    for i in graphe.imports:
        if i.au_chargement and app(i.source) == app(i.cible):
            internes[i.source].add(i.cible)
    for cycle in _cycles(internes):
        problemes.append(f"(d) cycle entre modules au chargement : {' ↔ '.join(cycle)}")
    return problemes


def afficher(graphe: Graphe, modules: bool = False) -> str:
    lignes = ["Graphe des apps (importeur → importé : nombre d'imports) :"]
    for (a, b), imports in sorted(graphe.aretes_apps().items()):
        lignes.append(f"  {a} → {b} : {len(imports)}")
    if modules:
        lignes.append("Graphe des modules (* : import dans une fonction) :")
        par_source = defaultdict(set)
        for i in graphe.imports:
            par_source[i.source].add(i.cible + ("" if i.au_chargement else "*"))
        for source in sorted(par_source):
            lignes.append(f"  {source} → {', '.join(sorted(par_source[source]))}")
    return "\n".join(lignes)


def main(argv: list[str]) -> int:
    graphe = construire()
    print(afficher(graphe, modules="--modules" in argv))
    problemes = verifier(graphe)
    for p in problemes:
        print(p, file=sys.stderr)
    print(f"{len(graphe.modules)} modules, {len(graphe.imports)} imports : "
          + ("aucun problème." if not problemes else f"{len(problemes)} problème(s)."))
    return 1 if problemes else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
