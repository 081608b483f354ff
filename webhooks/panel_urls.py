from django.urls import path

from . import panel_views

app_name = "panel_webhooks"
urlpatterns = [
    path("", panel_views.endpoint_list, name="endpoint_list"),
    path("new/", panel_views.endpoint_create, name="endpoint_create"),
    path("<int:pk>/", panel_views.endpoint_detail, name="endpoint_detail"),
    path("<int:pk>/edit/", panel_views.endpoint_edit, name="endpoint_edit"),
    path("<int:pk>/delete/", panel_views.endpoint_delete, name="endpoint_delete"),
    path("<int:pk>/secret/", panel_views.endpoint_secret_rotate, name="endpoint_secret_rotate"),
    path("<int:pk>/ping/", panel_views.endpoint_ping, name="endpoint_ping"),
    path("deliveries/<int:pk>/resend/", panel_views.delivery_resend, name="delivery_resend"),
]
