from django.urls import path

from . import views

app_name = "labour"
urlpatterns = [
    path("", views.index, name="index"),
    path("groups/<id:pk>/", views.group_detail, name="group"),
    path("groups/<id:pk>/join/", views.group_join, name="group-join"),
    path("groups/<id:pk>/leave/", views.group_leave, name="group-leave"),
    path("groups/<id:pk>/schedule/", views.group_schedule, name="group-schedule"),
    path("sessions/<id:pk>/", views.session_detail, name="session"),
    path("sessions/<id:pk>/sign/", views.session_sign, name="session-sign"),
    path("sessions/<id:pk>/code/", views.session_code, name="session-code"),
    path("sessions/<id:pk>/absence/", views.session_absence, name="session-absence"),
    path("figures/", views.figures, name="figures"),
    path("figures/xlsx/", views.figures_xlsx, name="figures-xlsx"),
    path("check/", views.check, name="check"),
    path("rule/", views.rule, name="rule"),
    path("reminders/<id:pk>/pdf/", views.reminder_pdf, name="reminder-pdf"),
    path("households/<id:household_id>/exemptions/", views.exemption_add, name="exemption-add"),
    path("exemptions/<id:pk>/end/", views.exemption_end, name="exemption-end"),
]
