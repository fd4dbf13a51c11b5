from django import forms

from accounts.forms import reject_markup

from .models import Course


class CourseForm(forms.ModelForm):
    title = forms.CharField(max_length=120, validators=[reject_markup])
    code = forms.RegexField(
        regex=r"^[A-Za-z0-9-]{2,20}$",
        max_length=20,
        help_text="Letters, digits and dashes, e.g. STAT101.",
        error_messages={"invalid": "Use 2 to 20 letters, digits or dashes, e.g. STAT101."},
    )
    term = forms.CharField(max_length=40, validators=[reject_markup])

    class Meta:
        model = Course
        fields = ["title", "code", "term", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def clean_code(self):
        code = self.cleaned_data["code"].upper()
        if Course.objects.filter(code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("A course with this code already exists.")
        return code


class JoinCourseForm(forms.Form):
    join_code = forms.CharField(
        label="Join code",
        max_length=20,
        help_text="The code your instructor shared, e.g. K7QX2M9P.",
    )
