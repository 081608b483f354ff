from django.urls import path

from . import contact_views, purchase_views, views

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
    # Joint purchases.
    path("<int:pk>/join/", purchase_views.purchase_join, name="purchase_join"),
    path("<int:pk>/commitment/", purchase_views.purchase_update, name="purchase_update"),
    path(
        "<int:pk>/commitment/withdraw/",
        purchase_views.purchase_withdraw,
        name="purchase_withdraw",
    ),
    path("my/purchases/", purchase_views.my_purchases, name="my_purchases"),
    path("my/purchases/<int:pk>/", purchase_views.purchase_manage, name="purchase_manage"),
    path(
        "my/purchases/<int:pk>/commitments.csv",
        purchase_views.purchase_export_csv,
        name="purchase_csv",
    ),
    path(
        "my/purchases/<int:pk>/commitments.xlsx",
        purchase_views.purchase_export_xlsx,
        name="purchase_xlsx",
    ),
    path("my/purchases/<int:pk>/close/", purchase_views.purchase_close, name="purchase_close"),
    path("my/purchases/<int:pk>/cancel/", purchase_views.purchase_cancel, name="purchase_cancel"),
]
