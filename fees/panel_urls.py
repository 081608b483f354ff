app_name = "panel_fees"
urlpatterns: list = []
