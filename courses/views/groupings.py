"""Groupings pages, for a course's staff: the list with forms to make teams by hand or
from availability (a preview first), and a grouping's teams with their shared hours."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.availability import schedules_by_id, shared_free_intervals, total_hours
from core.views import run_verb

from .. import actions, permissions
from ..forms import (
    AutoGroupingForm,
    CsvGroupingForm,
    HandGroupingForm,
    KeepTeamsForm,
    MoveForm,
    TeamChoiceForm,
)
from ..models import Grouping, Team


def _page(
    request,
    course,
    *,
    hand_form=None,
    auto_form=None,
    csv_form=None,
    choice_form=None,
    row_errors=(),
    status=200,
):
    students = actions.students_of(course)
    return render(
        request,
        "courses/groupings.html",
        {
            "course": course,
            "groupings": course.groupings.order_by("name"),
            "can_manage": permissions.can_manage_course(request.user, course),
            "hand_form": hand_form or HandGroupingForm(students=students),
            "auto_form": auto_form or AutoGroupingForm(),
            "csv_form": csv_form or CsvGroupingForm(),
            "choice_form": choice_form or TeamChoiceForm(),
            "row_errors": row_errors,
        },
        status=status,
    )


def index(request, pk):
    return _page(request, permissions.get_course_to_teach(request.user, pk))


@require_POST
def by_hand(request, pk):
    course = permissions.get_course_to_teach(request.user, pk)
    form = HandGroupingForm(request.POST, students=actions.students_of(course))
    if form.is_valid():
        made = run_verb(
            request,
            actions.create_grouping,
            request.user,
            course,
            name=form.cleaned_data["name"],
            teams=form.cleaned_data["teams"],
            form=form,
            success=_("The teams are kept."),
        )
        if made:
            return redirect(made.value)
    return _page(request, course, hand_form=form, status=400)


def auto(request, pk):
    """GET previews teams formed from availability (writes nothing); POST keeps them."""
    course = permissions.get_course_to_teach(request.user, pk)
    students = actions.students_of(course)
    if request.method == "POST":
        keep = KeepTeamsForm(request.POST, students=students)
        if keep.is_valid():
            data = keep.cleaned_data
            made = run_verb(
                request,
                actions.create_grouping,
                request.user,
                course,
                name=data["name"],
                teams=data["teams"],
                method=Grouping.Method.AUTO,
                min_size=data["min_size"],
                max_size=data["max_size"],
                min_shared_hours=data["min_shared_hours"],
                form=keep,
                success=_("The teams are kept."),
            )
            if made:
                return redirect(made.value)
        form = AutoGroupingForm(request.POST)
        return _preview(request, course, form, keep)
    form = AutoGroupingForm(request.GET)
    if not form.is_valid():
        return _page(request, course, auto_form=form, status=400)
    return _preview(request, course, form)


def _preview(request, course, form, keep=None):
    proposal = error = None
    if form.is_valid():
        data = form.cleaned_data
        outcome = run_verb(
            request,
            actions.propose_teams,
            request.user,
            course,
            min_size=data["min_size"],
            max_size=data["max_size"],
            min_shared_hours=data["min_shared_hours"],
            now=timezone.now(),
            form=form,
        )
        proposal, error = outcome.value, outcome.error
    keep_teams = ";".join(",".join(str(u.pk) for u in team.members) for team in proposal or [])
    return render(
        request,
        "courses/grouping_preview.html",
        {
            "course": course,
            "form": form,
            "proposal": proposal,
            "keep_teams": keep_teams,
            "keep": keep,
        },
        status=400 if error or keep is not None else 200,
    )


def detail(request, pk):
    grouping = permissions.get_grouping_for(request.user, pk)
    teams = list(grouping.teams.prefetch_related("members__profile"))
    schedules = schedules_by_id(
        grouping.teams.values_list("memberships__user_id", flat=True).exclude(
            memberships__user_id=None
        )
    )
    now = timezone.now()
    for team in teams:
        team.shared = shared_free_intervals(
            [schedules[member.pk] for member in team.members.all()], now
        )
        team.hours = total_hours(team.shared)
    placed = {member.pk for team in teams for member in team.members.all()}
    return render(
        request,
        "courses/grouping.html",
        {
            "grouping": grouping,
            "course": grouping.course,
            "teams": teams,
            "unplaced": [s for s in actions.students_of(grouping.course) if s.pk not in placed],
            "can_manage": permissions.can_manage_course(request.user, grouping.course),
        },
    )


@require_POST
def move(request, pk):
    grouping = permissions.get_grouping_for(request.user, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return redirect(grouping)

    def run():
        person = actions.students_of(grouping.course).filter(pk=form.cleaned_data["user"]).first()
        if person is None:
            raise actions.InvalidGrouping(_("That person is not a student of the course."))
        team_id = form.cleaned_data["team"]
        team = Team.objects.filter(pk=team_id, grouping=grouping).first() if team_id else None
        if team_id and team is None:
            raise actions.InvalidGrouping(_("That team is not in this grouping."))
        actions.move_to_team(request.user, grouping, person, team)
        if team is None:
            return _("%(name)s moved to no team.") % {"name": person.display_name}
        return _("%(name)s moved to %(team)s.") % {"name": person.display_name, "team": team.name}

    run_verb(request, run, success=str)
    return redirect(grouping)


@require_POST
def from_csv(request, pk):
    course = permissions.get_course_to_teach(request.user, pk)
    form = CsvGroupingForm(request.POST, request.FILES)
    row_errors = []
    if form.is_valid():
        try:
            grouping = actions.import_grouping(
                request.user, course, name=form.cleaned_data["name"], text=form.cleaned_data["file"]
            )
        except actions.GroupingImportError as error:
            row_errors = error.rows
            form.add_error(None, str(error))
        except actions.CourseError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The teams are kept."))
            return redirect(grouping)
    return _page(request, course, csv_form=form, row_errors=row_errors, status=400)


@require_POST
def open_choice(request, pk):
    course = permissions.get_course_to_teach(request.user, pk)
    form = TeamChoiceForm(request.POST)
    if form.is_valid():
        made = run_verb(
            request,
            actions.open_team_choice,
            request.user,
            course,
            **form.cleaned_data,
            form=form,
            success=_("The teams are open: students of the course can choose theirs."),
        )
        if made:
            return redirect(made.value)
    return _page(request, course, choice_form=form, status=400)


@require_POST
def set_choice_open(request, pk):
    grouping = permissions.get_grouping_for(request.user, pk)
    is_open = request.POST.get("open") == "1"
    run_verb(
        request,
        actions.set_team_choice_open,
        request.user,
        grouping,
        is_open,
        success=_("Students can choose their teams.")
        if is_open
        else _("Choosing teams is closed."),
    )
    return redirect(grouping)


def choose(request, pk):
    """Students pick their team while choosing is open; everyone sees who is where."""
    grouping = permissions.get_choice_for(request.user, pk)
    teams = list(grouping.teams.prefetch_related("members__profile"))
    mine = next((t for t in teams if any(m.pk == request.user.pk for m in t.members.all())), None)
    return render(
        request,
        "courses/choose_team.html",
        {
            "grouping": grouping,
            "course": grouping.course,
            "teams": teams,
            "mine": mine,
            "is_student": actions.students_of(grouping.course).filter(pk=request.user.pk).exists(),
        },
    )


@require_POST
def join(request, pk, team_pk):
    grouping = permissions.get_choice_for(request.user, pk)
    team = Team.objects.filter(pk=team_pk, grouping=grouping).first()
    if team is None:
        raise Http404("No such team.")
    run_verb(
        request,
        actions.join_team,
        request.user,
        team,
        success=_("You joined %(name)s.") % {"name": team.name},
    )
    return redirect("courses:choose_team", grouping.pk)


@require_POST
def leave(request, pk):
    grouping = permissions.get_choice_for(request.user, pk)
    run_verb(request, actions.leave_team, request.user, grouping, success=_("You left your team."))
    return redirect("courses:choose_team", grouping.pk)
