from django.urls import path

from regions import views

app_name = "regions"

urlpatterns = [
    path("regios/", views.region_list, name="list"),
    path("versnellingsteam/", views.advisors, name="advisors"),
]
