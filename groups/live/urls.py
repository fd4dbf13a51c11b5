from django.urls import path

from . import views

app_name = "live"

urlpatterns = [
    path("new/", views.new_session, name="new"),
    path("<int:pk>/", views.lobby, name="lobby"),
    path("<int:pk>/start/", views.start, name="start"),
    path("<int:pk>/end/", views.end, name="end"),
    path("<int:pk>/rooms/", views.set_up_rooms, name="set_up_rooms"),
    path("<int:pk>/rooms/open/", views.open_rooms, name="open_rooms"),
    path("<int:pk>/rooms/extend/", views.extend, name="extend"),
    path("<int:pk>/rooms/close/", views.close_rooms, name="close_rooms"),
    path("<int:pk>/rooms/<int:room_pk>/lead/", views.set_lead, name="set_lead"),
    path("<int:pk>/rooms/<int:room_pk>/choose/", views.choose, name="choose"),
    path("<int:pk>/announce/", views.announce, name="announce"),
    path("<int:pk>/place/", views.place, name="place"),
    path("<int:pk>/help/", views.ask_for_help, name="help"),
    path("<int:pk>/help/answered/", views.clear_help, name="clear_help"),
    path("<int:pk>/grouping/", views.save_grouping, name="save_grouping"),
    path("<int:pk>/artefacts/", views.artefacts, name="artefacts"),
    path("rooms/<int:pk>/", views.room, name="room"),
    path("rooms/<int:pk>/board.svg", views.room_board_svg, name="room_board_svg"),
    path(
        "rooms/<int:pk>/board/read-only/", views.room_board_read_only, name="room_board_read_only"
    ),
    path(
        "rooms/<int:pk>/board/drawing/<int:user_pk>/",
        views.room_board_drawing,
        name="room_board_drawing",
    ),
]
