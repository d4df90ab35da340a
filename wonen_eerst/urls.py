from django.contrib import admin
from django.urls import include, path

from wonen_eerst import views

admin.site.site_header = "Wonen Eerst — beheer"
admin.site.site_title = "Wonen Eerst beheer"
admin.site.index_title = "Beheer van de gids en de regio's"

urlpatterns = [
    path("", include("phases.urls")),
    path("", include("regions.urls")),
    path("account/", include("wonen_eerst.account_urls")),
    path("beheer/", admin.site.urls),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("gezond/", views.health, name="health"),
]

handler404 = "wonen_eerst.views.page_not_found"
handler500 = "wonen_eerst.views.server_error"
