"""`make check-deploy` checks what docker-compose.yml ships (scripts/verifier_deploiement.py): a secret must be
required from the operator, and Django's deployment checks pass with the compose values."""

import subprocess
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
SCRIPT = RACINE / "scripts/verifier_deploiement.py"


def _verifier(chemin):
    return subprocess.run([sys.executable, str(SCRIPT), str(chemin)], cwd=RACINE, capture_output=True, text=True,
                          timeout=300)


def test_le_compose_du_depot_est_propre():
    resultat = _verifier(RACINE / "docker-compose.yml")
    assert resultat.returncode == 0, resultat.stderr
    assert "check --deploy propre pour web et worker" in resultat.stdout


def test_une_cle_secrete_par_defaut_est_refusee(tmp_path):
    compose = (RACINE / "docker-compose.yml").read_text()
    faible = compose.replace("${SECRET_KEY:?Définissez SECRET_KEY, une longue valeur aléatoire (voir README)}",
                             "${SECRET_KEY:-change-me}").replace("${SECURE_SSL_REDIRECT:-True}", '"False"')
    assert faible != compose
    (tmp_path / "docker-compose.yml").write_text(faible)
    resultat = _verifier(tmp_path / "docker-compose.yml")
    assert resultat.returncode == 1
    assert "SECRET_KEY doit être exigé de l'exploitant" in resultat.stderr
    assert "security.W009" in resultat.stderr and "security.W008" in resultat.stderr
