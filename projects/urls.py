from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("calls/", views.call_list, name="call_list"),
    path("ideas/", views.idea_list, name="idea_list"),
    path("ideas/new/", views.idea_submit, name="idea_submit"),
    path("<slug:slug>/", views.project_detail, name="detail"),
    path("<slug:slug>/documents/<int:pk>/", views.document_download, name="document"),
]
