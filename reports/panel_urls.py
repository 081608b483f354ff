app_name = "panel_reports"
urlpatterns: list = []
