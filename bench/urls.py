"""The portal's URLs plus the baseline: a minimal view served through the full middleware stack."""

from django.http import HttpResponse
from django.urls import path

from cluster_portal.urls import urlpatterns as portal_urlpatterns


def baseline(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/baseline/", baseline, name="bench_baseline"), *portal_urlpatterns]
