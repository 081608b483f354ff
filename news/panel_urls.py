from django.urls import path

from . import panel_views as views

app_name = "panel_news"

urlpatterns = [
    path("", views.index, name="index"),
    path("articles/new/", views.article_create, name="article_create"),
    path("articles/<int:pk>/edit/", views.article_edit, name="article_edit"),
    path("pages/", views.page_list, name="page_list"),
    path("pages/new/", views.page_create, name="page_create"),
    path("pages/<int:pk>/edit/", views.page_edit, name="page_edit"),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/send/", views.campaign_send, name="campaign_send"),
    path("campaigns/<int:pk>/unschedule/", views.campaign_unschedule, name="campaign_unschedule"),
    path("campaigns/<int:pk>/test/", views.campaign_test, name="campaign_test"),
    path(
        "campaigns/<int:pk>/preview/<str:language>/",
        views.campaign_preview,
        name="campaign_preview",
    ),
    path(
        "campaigns/<int:pk>/preview/<str:language>/email.html",
        views.campaign_preview_html,
        name="campaign_preview_html",
    ),
    path("subscribers/", views.subscriber_list, name="subscriber_list"),
]
