from django.urls import include, path

from . import views

app_name = "reviews"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("no-change/", views.reviews_no_change, name="no-change"),
    path("new/<id:household_id>/", views.review_create, name="review-create"),
    path("<id:pk>/", views.review_detail, name="review-detail"),
    path("<id:pk>/approve/", views.review_approve, name="review-approve"),
    path("<id:pk>/return/", views.review_return, name="review-return"),
    path("<id:pk>/cancel/", views.review_cancel, name="review-cancel"),
    path("<id:pk>/notice.pdf", views.review_notice, name="review-notice"),
    path("changes/", include("dibao.reviews.report.urls")),
]
