from django.urls import path

from . import panel_views as views

app_name = "panel_resolutions"

urlpatterns = [
    path("", views.index, name="index"),
    path("bodies/", views.body_list, name="body_list"),
    path("bodies/new/", views.body_create, name="body_create"),
    path("bodies/<int:pk>/edit/", views.body_edit, name="body_edit"),
    path("<int:pk>/meeting-vote/", views.meeting_vote, name="meeting_vote"),
    path("proxies/<int:pk>/document/", views.proxy_document, name="proxy_document"),
    path("strategy/", views.strategy_list, name="strategy_list"),
    path("strategy/new/", views.strategy_create, name="strategy_create"),
    path("strategy/<int:pk>/edit/", views.strategy_edit, name="strategy_edit"),
    path("strategy/<int:strategy_pk>/goals/new/", views.goal_create, name="goal_create"),
    path("goals/<int:pk>/edit/", views.goal_edit, name="goal_edit"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:plan_pk>/items/new/", views.item_create, name="item_create"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("plans/<int:pk>/pdf/", views.plan_pdf_generate, name="plan_pdf_generate"),
]
