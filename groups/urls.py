from django.urls import path

from . import views
from .boards import views as boards

app_name = "groups"

urlpatterns = [
    path("", views.index, name="index"),
    path("topics/", views.topic_options, name="topic_options"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/calendar.ics", views.calendar, name="calendar"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/join/", views.join, name="join"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/waitlist/", views.waitlist, name="waitlist"),
    path("<int:pk>/waitlist/leave/", views.leave_waitlist, name="leave_waitlist"),
    path("<int:pk>/request/", views.ask_to_join, name="ask_to_join"),
    path("<int:pk>/request/withdraw/", views.withdraw_request, name="withdraw_request"),
    path("<int:pk>/requests/<int:request_pk>/", views.decide_request, name="decide_request"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/invitation/", views.respond_invitation, name="respond_invitation"),
    path("<int:pk>/members/remove/", views.remove_member, name="remove_member"),
    path("<int:pk>/members/role/", views.set_role, name="set_role"),
    path("<int:pk>/transfer/", views.transfer, name="transfer"),
    path("<int:pk>/archive/", views.archive, name="archive"),
    path("<int:pk>/room/", boards.room, name="room"),
    path("<int:pk>/room/board.svg", boards.export_svg, name="board_svg"),
    path("<int:pk>/room/read-only/", boards.set_read_only, name="board_read_only"),
    path("<int:pk>/room/drawing/<int:user_pk>/", boards.set_drawing, name="board_drawing"),
]
