app_name = "panel_surveys"
urlpatterns: list = []
