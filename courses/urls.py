from django.urls import path

from . import views
from .views import assignments, groupings, reviews

app_name = "courses"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("join/", views.join, name="join"),
    path("join/<str:join_code>/", views.invite_link, name="invite"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/code/", views.regenerate_code, name="regenerate_code"),
    path("<int:pk>/people/remove/", views.remove_person, name="remove_person"),
    path("<int:pk>/people/role/", views.set_role, name="set_role"),
    # Groupings of a course's students into teams.
    path("<int:pk>/groupings/", groupings.index, name="groupings"),
    path("<int:pk>/groupings/by-hand/", groupings.by_hand, name="grouping_by_hand"),
    path("<int:pk>/groupings/auto/", groupings.auto, name="grouping_auto"),
    path("groupings/<int:pk>/", groupings.detail, name="grouping"),
    path("groupings/<int:pk>/move/", groupings.move, name="grouping_move"),
    # Assignments and team workspaces.
    path("<int:pk>/assignments/", assignments.index, name="assignments"),
    path("<int:pk>/assignments/new/", assignments.new, name="assignment_new"),
    path("assignments/<int:pk>/", assignments.detail, name="assignment"),
    path("workspaces/<int:pk>/", assignments.workspace, name="workspace"),
    path("workspaces/<int:pk>/draft/", assignments.save_draft, name="save_draft"),
    path("workspaces/<int:pk>/submit/", assignments.submit, name="submit"),
    path("workspaces/<int:pk>/history/", assignments.history, name="history"),
    path("workspaces/<int:pk>/versions/<int:number>/", assignments.version, name="version"),
    path(
        "workspaces/<int:pk>/versions/<int:number>/restore/",
        assignments.restore,
        name="restore",
    ),
    # Peer review.
    path("assignments/<int:pk>/review-round/", reviews.open_round, name="open_round"),
    path("assignments/<int:pk>/review-round/close/", reviews.close_round, name="close_round"),
    path("reviews/<int:pk>/", reviews.review, name="review"),
    path("workspaces/<int:pk>/feedback/", reviews.feedback, name="feedback"),
    path("workspaces/<int:pk>/feedback/<uuid:public_id>/", reviews.rate, name="rate_review"),
]
