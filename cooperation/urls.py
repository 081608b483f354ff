from django.urls import path

from . import contact_views, views

app_name = "cooperation"

urlpatterns = [
    path("", views.board, name="list"),
    path("<int:pk>/", views.post_detail, name="detail"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("new/", views.post_create, name="create"),
    path("my/", views.my_posts, name="my_posts"),
    path("my/<int:pk>/edit/", views.post_edit, name="edit"),
    path("my/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("my/<int:pk>/withdraw/", views.post_withdraw, name="withdraw"),
    path("my/<int:pk>/fulfil/", views.post_fulfil, name="fulfil"),
    path("my/attachments/<int:pk>/remove/", views.attachment_remove, name="attachment_remove"),
    # Contacts and matching.
    path("<int:pk>/interested/", contact_views.interested, name="interested"),
    path("contacts/", contact_views.contact_list, name="contacts"),
    path("contacts/<int:pk>/", contact_views.contact_detail, name="contact"),
    path("contacts/<int:pk>/fulfil/", contact_views.contact_fulfil, name="contact_fulfil"),
    path("my/notifications/", contact_views.notifications, name="notifications"),
]
