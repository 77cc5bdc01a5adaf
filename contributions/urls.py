"""The public forms (included at the root by mediation/urls.py, before lieux.urls)."""

from django.urls import path

from contributions import views
from contributions.fermetures import declarer_fermeture

app_name = "contributions"
urlpatterns = [
    path("contribuer/", views.declarer, name="declarer"),
    path("contribuer/merci/", views.merci, name="merci"),
    path("lieux/<int:uid>/modifier/", views.modifier, name="modifier"),
    path("lieux/<int:uid>/fermeture/", declarer_fermeture, name="fermeture"),
]
