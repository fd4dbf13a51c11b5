from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.admin_actions import DURATION_CHOICES

from .models import MAX_MESSAGE_LENGTH, MAX_REPORT_NOTE_LENGTH, ChatPreferences, Report


class MessageForm(forms.Form):
    # A message may be files alone: the browser must not insist on text (the server
    # says "Write something first." when there is neither).
    use_required_attribute = False

    # No max_length on the field: the verb gives the clear "at most 4,000" error, and
    # the textarea's maxlength stops most people before that.
    body = forms.CharField(
        label=_("Message"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": MAX_MESSAGE_LENGTH}),
    )
    client_id = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)
    reply_to = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    # A reply in this message's thread.
    thread_root = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    also_in_channel = forms.BooleanField(required=False)


class FollowThreadForm(forms.Form):
    following = forms.TypedChoiceField(
        choices=[("1", pgettext_lazy("thread", "Follow")), ("0", _("Stop following"))],
        coerce=lambda value: value == "1",
    )


class EditMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_MESSAGE_LENGTH}),
    )


class ReactionForm(forms.Form):
    emoji = forms.CharField(max_length=16)


class ChannelForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("For example “book-club” or “night-owls”."),
    )
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)


class DirectMessageForm(forms.Form):
    """People ticked from a search by name (`people`), handles typed (`handles`), or both."""

    people = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.filter(is_active=True),
        required=False,
        label=_("People"),
        widget=forms.CheckboxSelectMultiple,
    )
    handles = forms.CharField(
        label=_("Or type their handles"),
        max_length=300,
        required=False,
        help_text=_("Separated by commas, e.g. “ana, dev”."),
    )

    def clean(self):
        cleaned = super().clean()
        handles = {h.strip().lstrip("@") for h in cleaned.get("handles", "").split(",")}
        handles.discard("")
        found = list(get_user_model().objects.filter(username__in=handles, is_active=True))
        if len(found) != len(handles):
            self.add_error("handles", _("Some of these people could not be found."))
        people = {person.pk: person for person in [*cleaned.get("people", []), *found]}
        if not people and not self.errors:
            raise ValidationError(_("Choose at least one person to message."))
        cleaned["everyone"] = list(people.values())
        return cleaned


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = ChatPreferences
        fields = ["appear_offline", "share_typing"]
        labels = {
            "appear_offline": _("Appear offline"),
            "share_typing": _("Show when I am typing"),
        }


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"), choices=Report.Reason.choices, widget=forms.RadioSelect
    )
    # No max_length: the verb says "under 1,000 characters" clearly; the textarea's
    # maxlength stops most people before that.
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_REPORT_NOTE_LENGTH}),
        help_text=_("What happened? Moderators read this; the person you report does not."),
    )


# Websocket frames are validated with forms too.


class PostFrame(MessageForm):
    pass


class EditFrame(EditMessageForm):
    message = forms.IntegerField(min_value=1)


class MessageRefFrame(forms.Form):
    message = forms.IntegerField(min_value=1)


class ReactFrame(ReactionForm):
    message = forms.IntegerField(min_value=1)


class SeqFrame(forms.Form):
    seq = forms.IntegerField(min_value=0, max_value=2**53)


class ResumeFrame(forms.Form):
    after = forms.IntegerField(min_value=0, max_value=2**53)
    # The server time the client last caught up at (from the page or a "resumed" frame).
    changed_since = forms.DateTimeField(required=False)


class HeartbeatFrame(forms.Form):
    PAGE_STATES = [("online", "online"), ("idle", "idle")]  # untranslated: codes, never shown
    state = forms.ChoiceField(choices=PAGE_STATES)


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search messages"),
        max_length=200,
        required=False,
        help_text=_('Words, "an exact phrase", -word to leave out, has:file or has:picture.'),
    )
    channel = forms.ChoiceField(label=pgettext_lazy("search in a channel", "In"), required=False)
    person = forms.CharField(label=_("From (handle)"), max_length=150, required=False)
    since = forms.DateField(
        label=_("From date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        label=_("To date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    page = forms.IntegerField(min_value=1, max_value=50, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, channels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [("", _("All my channels"))] + [
            (channel.slug, channel.label) for channel in channels
        ]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is on or after the start date."))
        return cleaned


# Moderation where the conversation is (a channel's moderators only). The reason is
# required by the verbs, which say so clearly; the audit log keeps it.


class MessageModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("hide", _("Hide the message")),
            ("approve", _("Approve it")),
            ("reject", _("Reject it")),
            ("mute", _("Mute its author in this channel")),
        ],
        widget=forms.RadioSelect,
    )
    duration_minutes = forms.TypedChoiceField(
        choices=DURATION_CHOICES, coerce=int, required=False, label=_("Mute for")
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 2000}),
        help_text=_("Recorded in the moderation log. Required."),
    )

    def __init__(self, *args, offered=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["action"]
        field.choices = [choice for choice in field.choices if choice[0] in offered]
        if len(field.choices) == 1:
            field.initial = field.choices[0][0]


class ChannelModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("lock", _("Lock: only moderators post")),
            ("unlock", _("Unlock")),
            ("slow_mode", _("Set slow mode")),
        ],
        widget=forms.RadioSelect,
    )
    seconds = forms.IntegerField(
        min_value=0,
        max_value=3600,
        required=False,
        label=_("Slow mode: seconds between two messages of one person"),
        help_text=_("0 turns slow mode off."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 2000}),
        help_text=_("Recorded in the moderation log. Required."),
    )

    def __init__(self, *args, offered=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["action"]
        field.choices = [choice for choice in field.choices if choice[0] in offered]
