from django.urls import include, path

app_name = "assistance"

urlpatterns = [
    # 节日慰问 (holiday relief)
    path("holiday/", include("dibao.assistance.holiday.urls")),
]
