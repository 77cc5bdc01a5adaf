"""What the import commands (`import_lieux`, `sync_dora`) print and write: the progress bar, the line-by-line report
file, the summary, and the exit code of a run that failed."""

from django.core.management.base import CommandError

from imports.models import ImportRun
from imports.rapport import rapport_csv, resume


class BarreDeProgression:
    """« [#####     ] 45% — 12000 lignes » on stderr: redrawn in place on a terminal, one line per batch otherwise."""

    def __init__(self, sortie, largeur=30):
        self.sortie, self.largeur = sortie, largeur
        self.terminal = sortie.isatty()

    def __call__(self, run):
        pleins = int(run.progression * self.largeur)
        texte = f"[{'#' * pleins}{' ' * (self.largeur - pleins)}] {run.progression:4.0%} — {run.lignes_lues} lignes"
        self.sortie.write(("\r" + texte) if self.terminal else texte, ending="" if self.terminal else "\n")
        self.sortie.flush()

    def fin(self):
        if self.terminal:
            self.sortie.write("")


def conclure(commande, run: ImportRun, libelle: str, report: str | None, verbosity: int):
    """Write the report to `report` (when the run read rows), print the summary, and fail (exit code 1) unless the
    run was applied or analysed. `libelle` names the run in the error (« Import », « Synchronisation DORA »)."""
    ecrit = bool(report) and run.lignes.exists()
    if ecrit:
        with open(report, "w", encoding="utf-8", newline="") as f:
            f.writelines(rapport_csv(run))
    if verbosity >= 1:
        commande.stdout.write(resume(run))
        if report:
            commande.stdout.write(f"Rapport ligne à ligne : {report}" if ecrit
                                  else "Aucune ligne analysée : pas de rapport ligne à ligne.")
    if run.statut not in (ImportRun.Statut.APPLIQUE, ImportRun.Statut.ANALYSE):
        raise CommandError(f"{libelle} n° {run.pk} : {run.get_statut_display()}. {run.erreur}".strip(), returncode=1)
    if run.statut == ImportRun.Statut.ANALYSE and not run.essai and run.erreur:  # analysed, but applying was refused
        raise CommandError(f"{libelle} n° {run.pk} : non appliqué. {run.erreur}", returncode=1)
