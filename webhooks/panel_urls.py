app_name = "panel_webhooks"
urlpatterns: list = []
