from django.http import Http404


def region_list(request):
    raise Http404


def advisors(request):
    raise Http404
