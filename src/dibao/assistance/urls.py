from django.urls import include, path

from .medical import urls as medical

app_name = "assistance"
urlpatterns = [
    # 节日慰问 (holiday relief)
    path("holiday/", include("dibao.assistance.holiday.urls")),
    # 医疗救助
    path("medical/", include(medical.urlpatterns)),
]
