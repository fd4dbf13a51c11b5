from django.urls import path

from . import views
from .views import assignments, grading, groupings, reviews, workspaces

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
    path("<int:pk>/groupings/from-csv/", groupings.from_csv, name="grouping_from_csv"),
    path("<int:pk>/groupings/choice/", groupings.open_choice, name="grouping_choice"),
    path("groupings/<int:pk>/choosing/", groupings.set_choice_open, name="grouping_choosing"),
    path("groupings/<int:pk>/choose/", groupings.choose, name="choose_team"),
    path("groupings/<int:pk>/choose/leave/", groupings.leave, name="leave_team"),
    path("groupings/<int:pk>/choose/<int:team_pk>/", groupings.join, name="join_team"),
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
    path("workspaces/<int:pk>/extension/", assignments.extend, name="extend"),
    path("workspaces/<int:pk>/files/", workspaces.add_file, name="add_file"),
    path("workspaces/<int:pk>/tasks/", workspaces.add_task, name="add_task"),
    path(
        "workspaces/<int:pk>/tasks/<int:task_pk>/<slug:change>/",
        workspaces.change_task,
        name="change_task",
    ),
    path("workspaces/<int:pk>/teammates/", workspaces.rate_teammates, name="rate_teammates"),
    path("assignments/<int:pk>/files/", workspaces.add_brief_file, name="add_brief_file"),
    path("files/<int:pk>/", workspaces.download, name="attachment"),
    path("files/<int:pk>/remove/", workspaces.remove_file, name="remove_file"),
    # Grading.
    path("assignments/<int:pk>/grades/", grading.grades, name="grades"),
    path("assignments/<int:pk>/grades/rubric/", grading.rubric, name="grading_rubric"),
    path("assignments/<int:pk>/grades/release/", grading.release, name="release_grades"),
    path("assignments/<int:pk>/grades.csv", grading.export, name="export_grades"),
    path("workspaces/<int:pk>/grade/", grading.grade, name="grade"),
    # Peer review.
    path("assignments/<int:pk>/review-round/", reviews.open_round, name="open_round"),
    path("assignments/<int:pk>/review-round/close/", reviews.close_round, name="close_round"),
    path("assignments/<int:pk>/review-board/", reviews.review_board, name="review_board"),
    path(
        "assignments/<int:pk>/review-board.csv",
        reviews.review_board_export,
        name="review_board_export",
    ),
    path("assignments/<int:pk>/review-board/grade/", reviews.grade, name="review_grade"),
    path("reviews/<int:pk>/", reviews.review, name="review"),
    path("reviews/<int:pk>/reassign/", reviews.reassign, name="reassign_review"),
    path("reviews/<int:pk>/dismiss-flag/", reviews.dismiss_flag, name="dismiss_flag"),
    path("scores/<int:pk>/hide/", reviews.hide_comment, name="hide_comment"),
    path("workspaces/<int:pk>/feedback/", reviews.feedback, name="feedback"),
    path("workspaces/<int:pk>/feedback.csv", reviews.feedback_export, name="feedback_export"),
    path("workspaces/<int:pk>/feedback/<uuid:public_id>/", reviews.rate, name="rate_review"),
    path("workspaces/<int:pk>/feedback/<uuid:public_id>/flag/", reviews.flag, name="flag_review"),
]
