"""URLs of the coalitions. Each views module keeps the paths of its own pages."""

from regions.views import advisors, checklist, coalition, figures, obstacles, people, report, start, support

app_name = "regions"

urlpatterns = [
    *coalition.urlpatterns,
    *people.urlpatterns,
    *checklist.urlpatterns,
    *report.urlpatterns,
    *support.urlpatterns,
    *advisors.urlpatterns,
    *figures.urlpatterns,
    *obstacles.urlpatterns,
    *start.urlpatterns,
]
