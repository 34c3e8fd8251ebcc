from django.urls import include, path

from . import views

app_name = "reviews"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("new/<int:household_id>/", views.review_create, name="review-create"),
    path("<int:pk>/", views.review_detail, name="review-detail"),
    path("<int:pk>/approve/", views.review_approve, name="review-approve"),
    path("<int:pk>/return/", views.review_return, name="review-return"),
    path("<int:pk>/cancel/", views.review_cancel, name="review-cancel"),
    path("<int:pk>/notice.pdf", views.review_notice, name="review-notice"),
    path("changes/", include("dibao.reviews.report.urls")),
]
