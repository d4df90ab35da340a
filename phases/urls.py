from django.urls import path

from phases import views

app_name = "phases"

urlpatterns = [
    path("", views.home, name="home"),
    path("fasen/", views.phase_list, name="list"),
    path("fasen/<int:number>/", views.phase_detail, name="detail"),
    path("fasen/gids.pdf", views.guide_pdf, name="guide_pdf"),
    path("hulpmiddelen/", views.resource_list, name="resources"),
    path("over/", views.guide_index, name="pages"),
    path("over/<slug:slug>/", views.guide_page, name="page"),
]
