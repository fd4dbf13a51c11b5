from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .models import NotificationSettings
from .notifications import DELIVERIES, KINDS, OFF, PREFERENCE_KINDS, delivery_for


class NotificationSettingsForm(forms.Form):
    """One choice per kind, and quiet hours on the person's own clock."""

    quiet_start = forms.TimeField(
        required=False, label=_("Quiet from"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    quiet_end = forms.TimeField(
        required=False,
        # Translators: the end of the quiet hours, after "Quiet from".
        label=pgettext_lazy("quiet hours", "until"),
        widget=forms.TimeInput(attrs={"type": "time"}),
    )

    def __init__(self, user, *args, **kwargs):
        row = NotificationSettings.objects.filter(user=user).first()
        deliveries = row.deliveries if row else {}
        initial = {f"kind_{code}": delivery_for(deliveries, code) for code in PREFERENCE_KINDS}
        if row:
            initial |= {"quiet_start": row.quiet_start, "quiet_end": row.quiet_end}
        super().__init__(*args, initial=initial, **kwargs)
        for code in PREFERENCE_KINDS:
            info = KINDS[code]
            choices = [(v, label) for v, label in DELIVERIES if v != OFF or info.can_turn_off]
            self.fields[f"kind_{code}"] = forms.ChoiceField(
                label=info.label,
                choices=choices,
                help_text=gettext("Default: %(delivery)s")
                % {"delivery": dict(DELIVERIES)[info.default]},
            )

    def clean(self):
        data = super().clean()
        if bool(data.get("quiet_start")) != bool(data.get("quiet_end")):
            raise forms.ValidationError(gettext("Give both ends of your quiet hours, or neither."))
        return data

    def settings(self):
        data = self.cleaned_data
        return {
            "deliveries": {code: data[f"kind_{code}"] for code in PREFERENCE_KINDS},
            "quiet_start": data.get("quiet_start"),
            "quiet_end": data.get("quiet_end"),
        }
