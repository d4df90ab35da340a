"""The progress report of a region as PDF: /regios/<slug>/voortgang.pdf[?datum=JJJJ-MM-DD][&kort=1]."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from regions.forms.fields import PastDateField
from regions.report import build_report, report_filename
from regions.selectors.access import region_access
from regions.tasks import report_for_download
from wonen_eerst.pdf import pdf_response


class ReportOptionsForm(forms.Form):
    datum = PastDateField(
        label="Stand op datum",
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text="Leeg laten voor de stand van vandaag. Een eerdere datum toont de stand aan het eind van die dag.",
    )
    # A plain (non-checkbox) widget, so that BooleanField reads "1"/"true" as yes and "0"/"false"/"" as no.
    kort = forms.BooleanField(label="Korte versie: alleen de huidige fase", required=False, widget=forms.HiddenInput)


@require_GET
@login_required
def report_pdf(request, slug):
    region = region_access(request, slug).region
    form = ReportOptionsForm(request.GET)
    if not form.is_valid():
        return render(request, "pdf/report_options.html", {"region": region, "report_form": form}, status=400)
    report = build_report(region, date=form.cleaned_data["datum"], short=form.cleaned_data["kort"])
    response = pdf_response(report_for_download(report), report_filename(report))
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("regios/<slug:slug>/voortgang.pdf", report_pdf, name="report_pdf"),
]
