"""The board verbs on Postgres: operations numbered in order, validation of hostile
input, undo and redo of one's own operations, clearing, compaction, read-only and
per-person drawing, and who may draw at all."""

import random

import pytest

from groups import actions as group_actions
from groups.boards import actions, cache, demo, errors, freehand, items, render
from groups.boards.models import Operation
from tests.groups.conftest import build_group

from .conftest import add, note, stroke

pytestmark = pytest.mark.django_db


def ids(board):
    return [item["id"] for item in actions.board_state(board)[0]]


def test_operations_are_numbered_per_board_and_make_the_state(board, alice, bob):
    first = actions.apply_operation(alice, board, add(stroke("a")), client_id="c1")
    second = actions.apply_operation(bob, board, add(note("b")))
    moved = actions.apply_operation(bob, board, {"kind": "update", "items": [note("b", x=300)]})
    assert [first.seq, second.seq, moved.seq] == [1, 2, 3]
    assert first.client_id == "c1"
    state, seq = actions.board_state(board)
    assert seq == 3
    assert [item["id"] for item in state] == ["a", "b"]
    assert state[1]["x"] == 300.0
    assert state[0]["color"] == items.PALETTE["blue"]
    assert moved.before == [items.clean_item(note("b"))]


def test_a_standing_board_is_made_once(group, board):
    assert actions.standing_board(group) == board


@pytest.mark.parametrize(
    "raw",
    [
        "not an operation",
        {"kind": "explode"},
        {"kind": "add", "items": []},
        {"kind": "add", "items": [stroke(points=[(10, 10)] * (items.MAX_POINTS + 1))]},
        {"kind": "add", "items": [stroke(points=[(-1, 10), (5, 5)])]},
        {"kind": "add", "items": [stroke(points=[(10, 99999)])]},
        {"kind": "add", "items": [stroke(points=[(True, 3)])]},
        {"kind": "add", "items": [stroke(points=[("1e3", 3)])]},
        {"kind": "add", "items": [stroke(color="javascript:alert(1)")]},
        {"kind": "add", "items": [stroke(color="#12345")]},
        {"kind": "add", "items": [stroke(width=0)]},
        {"kind": "add", "items": [stroke(width=500)]},
        {"kind": "add", "items": [stroke(item_id="<script>")]},
        {"kind": "add", "items": [note(text="x" * (items.MAX_TEXT_LENGTH + 1))]},
        {"kind": "add", "items": [{**note(), "w": 5000}]},
        {
            "kind": "add",
            "items": [
                {
                    "id": "t",
                    "kind": "text",
                    "color": "ink",
                    "x": 1,
                    "y": 1,
                    "size": 12,
                    "text": "   ",
                }
            ],
        },
        {"kind": "add", "items": [{"id": "i", "kind": "image", "color": "ink"}]},
        {"kind": "add", "items": [stroke("same"), stroke("same")]},
        {
            "kind": "add",
            "items": [stroke(f"s{i}") for i in range(items.MAX_ITEMS_PER_OPERATION + 1)],
        },
        {"kind": "add", "items": [stroke(points=[(1.5, 2.5)] * 500)], "padding": "x" * 20000},
        {"kind": "delete", "ids": "s1"},
    ],
)
def test_hostile_operations_are_refused_and_write_nothing(board, bob, raw):
    with pytest.raises(items.InvalidOperation):
        actions.apply_operation(bob, board, raw)
    assert not Operation.objects.filter(board=board).exists()


def test_text_is_kept_as_text_without_control_characters(board, bob):
    raw = note(text="<img src=x onerror=alert(1)>\x00\x1b done")
    operation = actions.apply_operation(bob, board, add(raw))
    assert operation.data["items"][0]["text"] == "<img src=x onerror=alert(1)> done"


def test_ids_on_the_board_cannot_be_taken_or_updated_when_gone(board, alice, bob):
    actions.apply_operation(alice, board, add(stroke("a")))
    with pytest.raises(items.InvalidOperation):
        actions.apply_operation(bob, board, add(stroke("a")))
    with pytest.raises(items.ItemGone):
        actions.apply_operation(bob, board, {"kind": "update", "items": [stroke("zzz")]})


def test_deleting_what_is_gone_records_nothing(board, alice, bob):
    actions.apply_operation(alice, board, add(stroke("a")))
    assert actions.apply_operation(bob, board, {"kind": "delete", "ids": ["a", "nope"]}).data == {
        "ids": ["a"]
    }
    assert actions.apply_operation(alice, board, {"kind": "delete", "ids": ["a"]}) is None


def test_undo_and_redo_revert_only_ones_own_operations(board, alice, bob):
    actions.apply_operation(alice, board, add(stroke("a1")))
    actions.apply_operation(bob, board, add(stroke("b1")))
    actions.apply_operation(alice, board, add(stroke("a2")))
    actions.apply_operation(bob, board, {"kind": "update", "items": [stroke("b1", color="red")]})

    undone = actions.undo(alice, board)
    assert (undone.kind, undone.data, undone.origin) == ("delete", {"ids": ["a2"]}, "undo")
    assert ids(board) == ["a1", "b1"]
    actions.undo(alice, board)
    assert ids(board) == ["b1"]
    with pytest.raises(errors.NothingToUndo):
        actions.undo(alice, board)

    actions.redo(alice, board)
    assert ids(board) == ["b1", "a1"]
    actions.redo(alice, board)
    assert ids(board) == ["b1", "a1", "a2"]
    with pytest.raises(errors.NothingToRedo):
        actions.redo(alice, board)

    # bob's undo puts back his stroke's colour, not anything of alice's
    actions.undo(bob, board)
    state, _ = actions.board_state(board)
    assert [i["color"] for i in state if i["id"] == "b1"] == [items.PALETTE["blue"]]
    assert ids(board) == ["b1", "a1", "a2"]


def test_drawing_again_ends_the_redo_chain(board, bob):
    actions.apply_operation(bob, board, add(stroke("a")))
    actions.undo(bob, board)
    actions.apply_operation(bob, board, add(stroke("b")))
    with pytest.raises(errors.NothingToRedo):
        actions.redo(bob, board)


def test_undoing_a_delete_brings_the_items_back_unless_someone_re_added_them(board, alice, bob):
    actions.apply_operation(alice, board, add(stroke("a"), note("n")))
    actions.apply_operation(bob, board, {"kind": "delete", "ids": ["a", "n"]})
    restored = actions.undo(bob, board)
    assert restored.kind == "add"
    assert sorted(ids(board)) == ["a", "n"]


def test_undo_skips_operations_whose_items_others_removed(board, alice, bob):
    actions.apply_operation(bob, board, add(stroke("first")))
    actions.apply_operation(bob, board, add(stroke("second")))
    actions.apply_operation(alice, board, {"kind": "delete", "ids": ["second"]})
    undone = actions.undo(bob, board)
    assert undone.data == {"ids": ["first"]}
    assert ids(board) == []


def test_clearing_is_for_hosts_keeps_history_and_can_be_undone(board, alice, bob):
    actions.apply_operation(bob, board, add(stroke("a"), note("n")))
    with pytest.raises(errors.NotHost):
        actions.clear_board(bob, board)
    cleared = actions.clear_board(alice, board)
    assert ids(board) == []
    assert len(cleared.before) == 2
    assert Operation.objects.filter(board=board).count() == 2
    actions.undo(alice, board)
    assert ids(board) == ["a", "n"]


def test_compaction_folds_operations_into_the_snapshot_and_keeps_them(board, alice, bob):
    actions.apply_operation(alice, board, add(stroke("a")))
    actions.apply_operation(bob, board, add(note("n")))
    before = actions.board_state(board)
    assert actions.compact_board(board) == 2
    board.refresh_from_db()
    assert board.snapshot == {"items": before[0]}
    assert actions.board_state(board) == before
    assert Operation.objects.filter(board=board).count() == 2
    # undo still works across the snapshot
    actions.undo(bob, board)
    assert ids(board) == ["a"]


def test_boards_compact_themselves_every_so_often(board, bob, settings):
    for i in range(actions.COMPACT_EVERY + 3):
        actions.apply_operation(bob, board, add(stroke(f"s{i}")))
    board.refresh_from_db()
    assert board.snapshot_seq == actions.COMPACT_EVERY
    assert len(board.snapshot["items"]) == actions.COMPACT_EVERY
    state, seq = actions.board_state(board)
    assert seq == actions.COMPACT_EVERY + 3 and len(state) == actions.COMPACT_EVERY + 3


def test_read_only_is_set_by_hosts_and_stops_everyone_else(board, alice, bob, instructor):
    with pytest.raises(errors.NotHost):
        actions.set_read_only(bob, board, True)
    actions.set_read_only(instructor, board, True)
    with pytest.raises(errors.ReadOnly):
        actions.apply_operation(bob, board, add(stroke("b")))
    with pytest.raises(errors.ReadOnly):
        actions.undo(bob, board)
    actions.apply_operation(alice, board, add(stroke("host")))
    actions.set_read_only(alice, board, False)
    actions.apply_operation(bob, board, add(stroke("b")))
    assert ids(board) == ["host", "b"]


def test_hosts_stop_and_allow_one_persons_drawing(board, alice, bob):
    actions.set_drawing(alice, board, bob, allowed=False)
    actions.set_drawing(alice, board, bob, allowed=False)
    with pytest.raises(errors.DrawingRevokedError):
        actions.apply_operation(bob, board, add(stroke("b")))
    with pytest.raises(errors.NotHost):
        actions.set_drawing(bob, board, bob, allowed=True)
    actions.set_drawing(alice, board, bob, allowed=True)
    actions.apply_operation(bob, board, add(stroke("b")))


def test_outsiders_and_leavers_cannot_draw(board, group, bob, charlie):
    with pytest.raises(errors.NotInRoom):
        actions.apply_operation(charlie, board, add(stroke("c")))
    group_actions.leave_group(bob, group)
    with pytest.raises(errors.NotInRoom):
        actions.apply_operation(bob, board, add(stroke("b")))
    with pytest.raises(errors.NotInRoom):
        actions.undo(bob, board)


def test_course_staff_draw_and_host(board, instructor):
    actions.apply_operation(instructor, board, add(stroke("i")))
    actions.clear_board(instructor, board)


def test_an_archived_groups_board_is_kept_as_it_was(board, group, alice):
    actions.apply_operation(alice, board, add(stroke("a")))
    group_actions.archive_group(alice, group)
    with pytest.raises(errors.BoardArchived):
        actions.apply_operation(alice, board, add(stroke("b")))
    assert ids(board) == ["a"]


def test_a_board_holds_a_bounded_number_of_items(board, bob, monkeypatch):
    monkeypatch.setattr(items, "MAX_ITEMS_ON_BOARD", 2)
    actions.apply_operation(bob, board, add(stroke("a"), stroke("b")))
    with pytest.raises(items.BoardFull):
        actions.apply_operation(bob, board, add(stroke("c")))


def test_the_demo_gives_every_group_a_board_once(group, bob):
    demo.seed(random.Random(1))
    state, seq = actions.board_state(actions.standing_board(group))
    assert seq == len(state) == 9
    assert {item["kind"] for item in state} == set(items.KINDS) - {"line"}
    demo.seed(random.Random(1))
    assert actions.board_state(actions.standing_board(group))[1] == seq


def test_stroke_points_may_carry_the_pens_pressure(board, bob):
    drawn = stroke("p", points=[(10, 10), (20, 20)])
    drawn["points"] = [[10, 10, 0.123], [20, 20, 1], [30, 20, 0]]
    actions.apply_operation(bob, board, add(drawn))
    assert actions.board_state(board)[0][0]["points"] == [
        [10.0, 10.0, 0.12],
        [20.0, 20.0, 1.0],
        [30.0, 20.0, 0.0],
    ]
    for pressure in (1.01, -0.1, True, "1", float("nan")):
        drawn["points"] = [[10, 10, pressure]]
        with pytest.raises(errors.InvalidOperation):
            actions.apply_operation(bob, board, add({**drawn, "id": "q"}))
    drawn["points"] = [[10, 10, 0.5, 7]]
    with pytest.raises(errors.InvalidOperation):
        actions.apply_operation(bob, board, add({**drawn, "id": "q"}))


def test_a_stroke_pressed_harder_is_drawn_wider(board, bob):
    def thickness(pressure):
        points = [[100 + i * 10, 100, pressure] for i in range(30)]
        ys = [y for _, y in freehand.outline(points, 8)]
        return max(ys) - min(ys)

    assert thickness(1) > 2 * thickness(0.1)
    assert thickness(0.5) == pytest.approx(8, abs=0.5)  # an even line is its width
    # The server draws a stroke as the page does: its outline, filled.
    shape = render.drawable(items.clean_item(stroke(points=[(10, 10), (40, 30), (80, 20)])))
    assert shape["d"].startswith("M") and shape["d"].endswith("Z")
    assert freehand.stroke_outline_path([[5, 5]], 4).endswith("Z")  # a dot


def test_a_boards_state_is_kept_so_an_operation_does_not_replay_the_log(
    board, bob, django_assert_num_queries, django_capture_on_commit_callbacks
):
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(5):
            actions.apply_operation(bob, board, add(stroke(f"s{i}")))
    # The board row, and the operations after the kept state: none.
    with django_assert_num_queries(2):
        state, seq = actions.board_state(board)
    assert seq == 5 and [item["id"] for item in state] == [f"s{i}" for i in range(5)]
    # Without it (another process, a restart) the snapshot and the log give the same.
    cache.clear()
    with django_assert_num_queries(3):
        assert actions.board_state(board) == (state, seq)


def test_idle_boards_are_compacted_by_the_periodic_job(board, group, bob, alice):
    from datetime import timedelta

    from django.utils import timezone

    from groups.boards import schedules
    from groups.boards.models import Board

    other_group = build_group(alice, name="Busy board")
    busy = actions.standing_board(other_group)
    for i in range(3):
        actions.apply_operation(bob, board, add(stroke(f"s{i}")))
        actions.apply_operation(alice, busy, add(stroke(f"b{i}")))
    now = timezone.now()
    Operation.objects.filter(board=board).update(created_at=now - timedelta(minutes=30))
    assert schedules.compact_idle_boards(now) == 1
    board.refresh_from_db()
    busy.refresh_from_db()
    assert (board.snapshot_seq, busy.snapshot_seq) == (3, 0)
    assert [item["id"] for item in board.snapshot["items"]] == ["s0", "s1", "s2"]
    assert Operation.objects.filter(board=board).count() == 3  # the history stays
    assert schedules.compact_idle_boards(now) == 0
    assert Board.objects.filter(pk=board.pk, last_seq=3).exists()
