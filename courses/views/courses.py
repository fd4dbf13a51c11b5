from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import run_verb
from lounge.models import Channel
from lounge.summaries import chat_summary

from .. import actions, permissions
from ..forms import CourseDetailsForm, CourseForm, JoinCourseForm
from ..models import Course, Enrolment
from ..sections import course_sections


def _join_form(request, data=None):
    form = JoinCourseForm(data)
    if permissions.can_create_course(request.user):
        # Instructors join a colleague's course to help teach it, not their own.
        form.fields["join_code"].help_text = _("A colleague's course code, e.g. K7QX2M9P.")
    return form


def index(request):
    enrolments = (
        Enrolment.objects.filter(user=request.user)
        .select_related("course")
        .order_by("course__code")
    )
    return render(
        request,
        "courses/index.html",
        {
            "enrolments": enrolments,
            "join_form": _join_form(request),
            "can_create": permissions.can_create_course(request.user),
        },
    )


@require_POST
def join(request):
    form = _join_form(request, request.POST)
    if form.is_valid():
        enrolled = run_verb(
            request,
            actions.enrol_with_code,
            request.user,
            form.cleaned_data["join_code"],
            form=form,
            field="join_code",
            success=lambda enrolment: (
                _("You are in %(code)s. Say hello!") % {"code": enrolment.course.code}
            ),
        )
        if enrolled:
            return redirect(enrolled.value.course)
    enrolments = Enrolment.objects.filter(user=request.user).select_related("course")
    return render(
        request,
        "courses/index.html",
        {
            "enrolments": enrolments,
            "join_form": form,
            "can_create": permissions.can_create_course(request.user),
        },
        status=400,
    )


def invite_link(request, join_code):
    """The invite link's page: a GET shows what you would join; the POST enrols."""
    course = Course.objects.filter(join_code=join_code.upper()).first()
    if request.method == "POST" and course is not None:
        enrolment = actions.enrol_with_code(request.user, course.join_code)
        messages.success(
            request, _("You are in %(code)s. Say hello!") % {"code": enrolment.course.code}
        )
        return redirect(course)
    return render(
        request,
        "courses/invite.html",
        {
            "course": course,
            "enrolled": course is not None and permissions.is_enrolled(request.user, course),
        },
        status=200 if course else 404,
    )


def create(request):
    if not permissions.can_create_course(request.user):
        messages.error(request, _("Only instructors can create courses."))
        return redirect("courses:index")
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        course = actions.create_course(request.user, **form.cleaned_data)
        messages.success(
            request,
            _("%(code)s is ready. Share its join code with students.") % {"code": course.code},
        )
        return redirect(course)
    return render(
        request,
        "courses/form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def detail(request, pk):
    viewer = request.user
    course = permissions.get_course_for(viewer, pk, Course.objects.with_enrolment_of(viewer))
    # A filtered relation that matched no row leaves its attribute unset.
    enrolment = getattr(course, "viewer_enrolment", None)
    if enrolment is None:
        return render(
            request,
            "courses/detail_outsider.html",
            {"course": course, "join_form": JoinCourseForm()},
        )
    context = {
        "course": course,
        "enrolment": enrolment,
        "can_manage": permissions.can_manage_course(viewer, course, enrolment),
        "can_view_health": permissions.can_view_health(viewer, course, enrolment),
        "moderating": permissions.acts_as_moderator(viewer, course, enrolment),
        "roster": list(
            course.enrolments.select_related("user__profile").order_by("role", "user__username")
        ),
        "sections": course_sections(request, course),
        **chat_summary(course, Channel.Kind.COURSE, viewer),
        "invite_url": request.build_absolute_uri(
            reverse("courses:invite", args=[course.join_code])
        ),
    }
    return render(request, "courses/detail.html", context)


def _manage(request, pk, run):
    """Runs `run(course)`, a verb call returning the text to show when it worked."""
    course = permissions.get_course_for(request.user, pk)
    run_verb(request, run, course, success=str)
    return redirect(course)


@require_POST
def regenerate_code(request, pk):
    return _manage(
        request,
        pk,
        lambda course: (
            _("New join code: %(code)s. The old code and invite link no longer work.")
            % {"code": actions.regenerate_join_code(request.user, course)}
        ),
    )


def _posted_user_id(request):
    """The posted user id, or None for anything that is not a plausible id."""
    try:
        user_id = int(request.POST.get("user", ""))
    except ValueError:
        return None
    # Out-of-range ids would crash SQLite ("too large to convert") instead of matching no one.
    return user_id if 0 < user_id < 2**63 else None


def _roster_person(course, request):
    enrolment = (
        course.enrolments.select_related("user").filter(user_id=_posted_user_id(request)).first()
    )
    if enrolment is None:
        raise actions.CourseError(_("That person is not in this course."))
    return enrolment.user


@require_POST
def remove_person(request, pk):
    def run(course):
        person = _roster_person(course, request)
        actions.remove_from_course(request.user, course, person, request.POST.get("reason", ""))
        return _("%(name)s was removed from %(code)s.") % {
            "name": person.display_name,
            "code": course.code,
        }

    return _manage(request, pk, run)


@require_POST
def set_role(request, pk):
    def run(course):
        person = _roster_person(course, request)
        enrolment = actions.set_course_role(request.user, course, person, request.POST.get("role"))
        sentences = {
            Enrolment.Role.STUDENT: _("%(name)s is now a student."),
            Enrolment.Role.TA: _("%(name)s is now a teaching assistant."),
            Enrolment.Role.INSTRUCTOR: _("%(name)s is now an instructor."),
        }
        return sentences[enrolment.role] % {"name": person.display_name}

    return _manage(request, pk, run)


def edit(request, pk):
    """An instructor changes the course's title, term and description."""
    course = permissions.get_course_for(request.user, pk)
    if not permissions.can_manage_course(request.user, course):
        raise Http404("No such course.")
    initial = {
        "title": course.title,
        "term": course.term,
        "description": course.description,
        "tas_see_health": course.tas_see_health,
    }
    form = CourseDetailsForm(request.POST or None, initial=initial)
    saved = (
        request.method == "POST"
        and form.is_valid()
        and run_verb(
            request,
            actions.update_course,
            request.user,
            course,
            **form.cleaned_data,
            form=form,
            success=_("%(code)s is saved.") % {"code": course.code},
        )
    )
    if saved:
        return redirect(course)
    return render(
        request,
        "courses/form.html",
        {"form": form, "course": course},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def leave(request, pk):
    course = permissions.get_course_for(request.user, pk)
    if run_verb(
        request,
        actions.leave_course,
        request.user,
        course,
        success=_("You left %(code)s. Its chat and its groups are no longer yours.")
        % {"code": course.code},
    ):
        return redirect("courses:index")
    return redirect(course)
