from django.urls import path

from . import views

app_name = "mentorship"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.programme, name="programme"),
    path("<int:pk>/mentor/", views.opt_in, {"role": "mentor"}, name="opt_in_mentor"),
    path("<int:pk>/mentee/", views.opt_in, {"role": "mentee"}, name="opt_in_mentee"),
    path("<int:pk>/ask/<int:mentor_id>/", views.ask, name="ask"),
    path("<int:pk>/organise/", views.organise, name="organise"),
    path("<int:pk>/organise/mentors/<int:profile_pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/organise/run/", views.run_round, name="run_round"),
    path("<int:pk>/organise/round/", views.round_status, name="round_status"),
    path("<int:pk>/organise/pairs/<int:pair_pk>/nudge/", views.nudge, name="nudge"),
    path("<int:pk>/organise/rule/", views.set_rule, name="set_rule"),
    path("<int:pk>/organise/rounds/<int:round_pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/organise/pair/", views.pair_by_hand, name="pair_by_hand"),
    path("requests/<int:pk>/answer/", views.answer, name="answer"),
    path("requests/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("pairs/<int:pk>/", views.pair, name="pair"),
    path("pairs/<int:pk>/goals/", views.add_goal, name="add_goal"),
    path("pairs/<int:pk>/goals/<int:goal_pk>/done/", views.goal_done, name="goal_done"),
    path("pairs/<int:pk>/complete/", views.complete, name="complete"),
    path("pairs/<int:pk>/check-in/", views.check_in, name="check_in"),
    path("pairs/<int:pk>/meetings/", views.meeting, name="meeting"),
    path("pairs/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("pairs/<int:pk>/meeting.ics", views.meeting_ics, name="meeting_ics"),
]
