from django.urls import path

from . import panel_views as views

app_name = "panel_documents"
urlpatterns = [
    path("", views.index, name="index"),
    path("folders/create-missing/", views.folders_create_missing, name="folders_create_missing"),
    path("folders/new/", views.folder_create, name="folder_create"),
    path("folders/<int:pk>/", views.folder_detail, name="folder"),
    path("folders/<int:pk>/edit/", views.folder_edit, name="folder_edit"),
    path("folders/<int:pk>/delete/", views.folder_delete, name="folder_delete"),
    path("folders/<int:pk>/upload/", views.document_create, name="document_create"),
    path("<int:pk>/", views.document_detail, name="document"),
    path("<int:pk>/new-version/", views.version_add, name="version_add"),
    path("<int:pk>/archive/", views.document_archive, name="document_archive"),
    path("<int:pk>/restore/", views.document_restore, name="document_restore"),
    path("<int:pk>/delete/", views.document_delete, name="document_delete"),
]
