"""The personal pages of a campaign (included at the root by mediation/urls.py)."""

from django.urls import path

from campagnes import views

app_name = "campagnes"
urlpatterns = [
    path("campagne/desinscription/<str:jeton>/", views.desinscription, name="desinscription"),
    path("campagne/<str:jeton>/", views.page, name="page"),
]
