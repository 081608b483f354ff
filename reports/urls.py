from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/<str:language>.pdf", views.annual_report_pdf, name="annual_report_pdf"),
]
