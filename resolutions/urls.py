from django.urls import path

from . import views

app_name = "resolutions"

urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/open/", views.open_vote, name="open_vote"),
    path("<int:pk>/close/", views.close_vote, name="close_vote"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/proxy/", views.proxy, name="proxy"),
    path("<int:pk>/proxy/withdraw/", views.proxy_withdraw, name="proxy_withdraw"),
    path("<int:pk>/pdf/", views.pdf, name="pdf"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("strategy/", views.strategy, name="strategy_current"),
    path("strategy/<int:pk>/", views.strategy, name="strategy"),
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("plans/<int:pk>/pdf/", views.plan_pdf, name="plan_pdf"),
]
