from django.urls import path

from . import views

app_name = "partnerships"

urlpatterns = [
    path("", views.index, name="index"),
    path("network.svg", views.network_svg, name="network_svg"),
    path("partners/<slug:slug>/", views.partner, name="partner"),
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement"),
    path("agreements/<int:pk>/signed-scan.pdf", views.agreement_scan, name="agreement_scan"),
    path("agreements/<int:pk>/agreement.pdf", views.agreement_document, name="agreement_document"),
]
