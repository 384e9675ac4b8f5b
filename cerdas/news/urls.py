from django.urls import path

from . import views
from .feeds import ArticleFeed, AtomFeed

app_name = "news"
urlpatterns = [
    path("", views.article_list, name="list"),
    path("rss/", ArticleFeed(), name="rss"),
    path("atom/", AtomFeed(), name="atom"),
    path("gambar/<int:pk>/", views.image, name="image"),
    path("<slug:slug>/", views.article_detail, name="detail"),
]
