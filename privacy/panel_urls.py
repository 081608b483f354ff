app_name = "panel_privacy"
urlpatterns: list = []
