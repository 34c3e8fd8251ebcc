from django.urls import include, path

from .medical import urls as medical

app_name = "assistance"
urlpatterns = [
    # 医疗救助
    path("medical/", include(medical.urlpatterns)),
]
