import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from accounts.models import CodeOfConduct, Profile

DEFAULT_PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    """A verified, active person; display_name, time_zone and role go to their profile."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(DEFAULT_PASSWORD)

    @classmethod
    def _create(cls, model_class, *args, display_name="", time_zone="UTC", role="student", **kw):
        user = super()._create(model_class, *args, **kw)
        Profile.objects.filter(user=user).update(
            display_name=display_name,
            time_zone=time_zone,
            time_zone_confirmed=True,
            role=role,
            conduct_version_accepted=CodeOfConduct.current_version(),
        )
        user.profile.refresh_from_db()
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user
