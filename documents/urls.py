from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.index, name="index"),
    path("notices/", views.notices, name="notices"),
    path("folders/<int:pk>/", views.folder_detail, name="folder"),
    path("folders/<int:pk>/upload/", views.upload, name="upload"),
    path("<int:pk>/", views.document_detail, name="document"),
    path("<int:pk>/new-version/", views.version_add, name="version_add"),
    path("versions/<int:pk>/download/", views.download, name="download"),
]
