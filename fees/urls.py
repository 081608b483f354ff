from django.urls import path

from . import views

app_name = "fees"

urlpatterns = [
    path("", views.document_list, name="document_list"),
    path("<int:pk>/pdf/", views.document_pdf, name="document_pdf"),
]
