app_name = "panel_documents"
urlpatterns: list = []
