from django.urls import path

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("category/<slug:category>/", views.article_list, name="category"),
    path("<slug:slug>/", views.article, name="article"),
]
