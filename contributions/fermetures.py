"""The lieu declares its own temporary closure or exceptional hours through its invitation link
(`/lieux/<uid>/fermeture/?invitation=<jeton>`, contributions/invitations.py): a short form (dates, type, message),
applied at once and recorded with the invited address. Without a valid link the page says so and shows no form."""

from __future__ import annotations

from django import forms
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from contributions import invitations
from lieux import fermetures as regles
from lieux.models import FermetureTemporaire, Lieu


class DeclarationFermetureForm(forms.Form):
    debut = forms.DateField(label="Premier jour", widget=forms.DateInput(attrs={"type": "date"}),
                            error_messages={"required": "Indiquez le premier jour.",
                                            "invalid": "Indiquez le premier jour au format JJ/MM/AAAA."})
    fin = forms.DateField(label="Dernier jour (inclus)", widget=forms.DateInput(attrs={"type": "date"}),
                          error_messages={"required": "Indiquez le dernier jour.",
                                          "invalid": "Indiquez le dernier jour au format JJ/MM/AAAA."})
    type = forms.ChoiceField(label="Ces jours-là, le lieu est", widget=forms.RadioSelect,
                             choices=[(regles.FERMETURE, "fermé"),
                                      (regles.HORAIRES_EXCEPTIONNELS, "ouvert avec des horaires exceptionnels")],
                             initial=regles.FERMETURE)
    horaires = forms.CharField(label="Horaires exceptionnels (si ouvert)", required=False, max_length=200,
                               help_text="Par exemple : 10:00-12:00")
    message = forms.CharField(label="Message au public (facultatif)", required=False,
                              max_length=FermetureTemporaire._meta.get_field("message").max_length,
                              help_text="Court : par exemple « congés », « travaux ».")

    def clean(self):
        donnees = super().clean()
        for champ, message in regles.erreurs_declaration(donnees.get("debut"), donnees.get("fin"),
                                                         donnees.get("type"), donnees.get("horaires", ""),
                                                         donnees.get("message", "")).items():
            self.add_error(champ, message)
        return donnees


@never_cache
def declarer_fermeture(request, uid):
    lieu = get_object_or_404(Lieu.objects.actifs(), uid=uid)
    jeton = (request.POST.get("invitation") or request.GET.get("invitation", ""))[:500]
    invite = invitations.lire_jeton(jeton, lieu) if jeton else None
    contexte = {"lieu": lieu, "jeton": jeton, "invite": invite}
    if invite is None:
        return render(request, "contributions/fermeture.html", contexte, status=403)
    form = DeclarationFermetureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        fermeture = FermetureTemporaire.objects.create(
            lieu=lieu, debut=d["debut"], fin=d["fin"], type=d["type"],
            horaires=d["horaires"] if d["type"] == regles.HORAIRES_EXCEPTIONNELS else "",
            message=d["message"].strip(), courriel_declarant=invite)
        contexte["enregistree"] = regles.annonce(regles.periode_de(fermeture))
        form = DeclarationFermetureForm()
    contexte |= {"form": form, "erreurs": [(form[nom].id_for_label, e) for nom, es in form.errors.items()
                                            for e in es] if form.is_bound else []}
    return render(request, "contributions/fermeture.html", contexte, status=400 if contexte["erreurs"] else 200)
