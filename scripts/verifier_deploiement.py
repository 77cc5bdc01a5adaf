"""`make check-deploy`, second half: `manage.py check --deploy` with the values docker-compose.yml really gives.

Checking the production settings with a random SECRET_KEY injected hides what the compose file ships. Here each
service's environment is resolved as compose does (`${VAR:-défaut}`, `${VAR:?message}`, `${VAR}`), a secret must be
required from the operator (`${SECRET_KEY:?…}`, never a default), and Django's deployment checks run with those
values. A required variable that this shell does not set gets a strong throw-away value, as an operator must give.

Usage: python scripts/verifier_deploiement.py [docker-compose.yml]
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import yaml

RACINE = Path(__file__).resolve().parent.parent
SECRETS = ("SECRET_KEY",)
_VARIABLE = re.compile(r"\$\{(?P<nom>\w+)(?:(?P<op>:?[-?])(?P<reste>[^}]*))?\}")


def resoudre(valeur: str, env: dict) -> str:
    def remplace(m):
        nom, op = m.group("nom"), m.group("op")
        if env.get(nom):
            return env[nom]
        if op and op.endswith("-"):
            return m.group("reste")
        if op and op.endswith("?"):
            return secrets.token_urlsafe(50)  # the operator must give one: compose refuses to start otherwise
        return ""
    return _VARIABLE.sub(remplace, str(valeur))


def fautes_de_secrets(compose: dict) -> list[str]:
    fautes = []
    for nom, service in (compose.get("services") or {}).items():
        env = service.get("environment") or {}
        for secret in SECRETS:
            if secret in env:
                brut = str(env[secret])
                m = _VARIABLE.fullmatch(brut.strip())
                if not m or m.group("op") not in (":?", "?"):
                    fautes.append(f"{nom} : {secret} doit être exigé de l'exploitant (${{{secret}:?…}}), "
                                  f"sans valeur par défaut connue de tous (trouvé : {brut[:40]!r}).")
    return fautes


def verifier(chemin: Path) -> int:
    compose = yaml.safe_load(chemin.read_text())
    fautes = fautes_de_secrets(compose)
    for faute in fautes:
        print(f"ERREUR {faute}", file=sys.stderr)
    code = 1 if fautes else 0
    for nom in ("web", "worker"):
        service = (compose.get("services") or {}).get(nom)
        if not service or "environment" not in service:
            continue
        env = {k: resoudre(v, os.environ) for k, v in service["environment"].items()}
        env.pop("DATABASE_URL", None)  # checks do not need the database
        resultat = subprocess.run(
            [str(RACINE / ".venv/bin/python"), "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=RACINE, capture_output=True, text=True,
            env={**{k: v for k, v in os.environ.items()
                    if k not in ("SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")},
                 **env, "DJANGO_SETTINGS_MODULE": env.get("DJANGO_SETTINGS_MODULE", "mediation.settings.production")})
        if resultat.returncode != 0:
            print(f"ERREUR service {nom} : manage.py check --deploy avec les valeurs de {chemin.name} :\n"
                  f"{resultat.stdout}{resultat.stderr}", file=sys.stderr)
            code = 1
    if code == 0:
        print(f"{chemin.name} : secrets exigés, check --deploy propre pour web et worker.")
    return code


if __name__ == "__main__":
    sys.exit(verifier(Path(sys.argv[1]) if len(sys.argv) > 1 else RACINE / "docker-compose.yml"))
