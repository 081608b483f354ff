from django.urls import path

from . import panel_purchases, panel_views

app_name = "panel_cooperation"

urlpatterns = [
    path("", panel_views.index, name="index"),
    path("settings/", panel_views.board_settings, name="settings"),
    path("figures/", panel_views.figures, name="figures"),
    path("figures.csv", panel_views.figures_export_csv, name="figures_csv"),
    path("figures.xlsx", panel_views.figures_export_xlsx, name="figures_xlsx"),
    path("<int:pk>/", panel_views.post_detail, name="detail"),
    path("<int:pk>/approve/", panel_views.post_approve, name="approve"),
    path("<int:pk>/hide/", panel_views.post_hide, name="hide"),
    path("<int:pk>/unhide/", panel_views.post_unhide, name="unhide"),
    # Joint purchases.
    path("purchases/", panel_purchases.purchase_list, name="purchase_list"),
    path("purchases.csv", panel_purchases.purchase_list_csv, name="purchase_list_csv"),
    path("purchases.xlsx", panel_purchases.purchase_list_xlsx, name="purchase_list_xlsx"),
    path("purchases/<int:pk>/", panel_purchases.purchase_detail, name="purchase_detail"),
    path("purchases/<int:pk>/commitments.csv", panel_purchases.purchase_csv, name="purchase_csv"),
    path(
        "purchases/<int:pk>/commitments.xlsx",
        panel_purchases.purchase_xlsx,
        name="purchase_xlsx",
    ),
]
