"""Apps depend in one direction: the project's import graph has no cycle, no import up the layering, no app reading
another's views (scripts/graphe_imports.py); and the checker itself catches each of these on a tiny made-up tree."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("graphe_imports", RACINE / "scripts" / "graphe_imports.py")
graphe_imports = importlib.util.module_from_spec(_spec)
sys.modules["graphe_imports"] = graphe_imports  # its dataclasses look their module up there
_spec.loader.exec_module(graphe_imports)

COUCHES = [("bas",), ("haut",)]


def arbre(racine: Path, fichiers: dict[str, str]) -> Path:
    for chemin, texte in fichiers.items():
        fichier = racine / chemin
        fichier.parent.mkdir(parents=True, exist_ok=True)
        fichier.write_text(texte, encoding="utf-8")
    for app in ("bas", "haut"):
        (racine / app).mkdir(exist_ok=True)
        (racine / app / "__init__.py").touch()
    return racine


def problemes(racine: Path) -> list[str]:
    graphe = graphe_imports.construire(racine, {"bas", "haut"})
    return graphe_imports.verifier(graphe, COUCHES, projet="aucun")


def test_le_projet_respecte_ses_couches():
    graphe = graphe_imports.construire()
    assert graphe_imports.verifier(graphe) == []
    # the graph is really read: the known dependencies are there, each app of the layering is seen
    aretes = graphe.aretes_apps()
    assert ("embed", "orientation") in aretes and ("orientation", "lieux") in aretes and ("imports", "lieux") in aretes
    assert {graphe_imports.app(m) for m in graphe.modules} == {a for c in graphe_imports.COUCHES for a in c}


def test_le_script_se_lance_et_reussit():
    sortie = subprocess.run([sys.executable, str(RACINE / "scripts" / "graphe_imports.py")], capture_output=True,
                            text=True, cwd=RACINE, check=False)
    assert sortie.returncode == 0, sortie.stderr
    assert "embed → orientation" in sortie.stdout and "aucun problème" in sortie.stdout


def test_un_arbre_en_ordre_ne_donne_rien(tmp_path):
    arbre(tmp_path, {"bas/modele.py": "X = 1\n", "haut/vue.py": "from bas.modele import X\nimport bas\n"})
    assert problemes(tmp_path) == []


def test_un_cycle_entre_apps_est_trouve_meme_par_un_import_dans_une_fonction(tmp_path):
    arbre(tmp_path, {
        "bas/modele.py": "def f():\n    from haut import vue\n    return vue\n",
        "haut/vue.py": "from bas.modele import f\n",
    })
    trouves = problemes(tmp_path)
    assert any(p.startswith("(a) cycle entre les apps bas ↔ haut") for p in trouves)
    assert any(p.startswith("(b) import d'une couche au-dessus : bas.modele (ligne 2) → haut.vue") for p in trouves)


def test_un_import_relatif_est_resolu(tmp_path):
    arbre(tmp_path, {"bas/a.py": "from ..haut import b\n", "bas/sous/__init__.py": "from ...haut.b import Y\n",
                     "haut/b.py": "Y = 1\n"})
    cibles = {(i.source, i.cible) for i in graphe_imports.construire(tmp_path, {"bas", "haut"}).imports}
    assert ("bas.a", "haut.b") in cibles and ("bas.sous", "haut.b") in cibles


def test_une_app_qui_lit_les_vues_d_une_autre_est_refusee(tmp_path):
    arbre(tmp_path, {"bas/views/__init__.py": "", "bas/views/page.py": "def carte(): ...\n",
                     "haut/vue.py": "from bas.views.page import carte\n"})
    assert problemes(tmp_path) == ["(c) une app importe les vues d'une autre : haut.vue (ligne 1) → bas.views.page"]


def test_une_app_non_declaree_est_signalee(tmp_path):
    arbre(tmp_path, {"haut/vue.py": "import ailleurs.x\n", "ailleurs/x.py": ""})
    graphe = graphe_imports.construire(tmp_path, {"bas", "haut", "ailleurs"})
    assert graphe_imports.verifier(graphe, COUCHES, projet="aucun") == [
        "(b) app non déclarée dans COUCHES : ailleurs"]


@pytest.mark.parametrize("dans_une_fonction", [False, True])
def test_un_cycle_de_modules_au_chargement_est_trouve(tmp_path, dans_une_fonction):
    retour = "def f():\n    from bas import a\n" if dans_une_fonction else "from bas import a\n"
    arbre(tmp_path, {"bas/a.py": "from bas import b\n", "bas/b.py": retour})
    attendu = [] if dans_une_fonction else ["(d) cycle entre modules au chargement : bas.a ↔ bas.b"]
    assert problemes(tmp_path) == attendu


def test_chaque_module_de_bench_s_importe():
    """`make bench` is run rarely: a module that a move left importing a name that no longer exists must fail here,
    not on the day someone measures (bench_4 imported a renamed test helper once)."""
    import importlib

    modules = sorted(p.stem for p in (RACINE / "bench").glob("bench_*.py"))
    assert len(modules) >= 9
    for nom in modules:
        importlib.import_module(f"bench.{nom}")
