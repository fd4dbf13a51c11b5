"""Demo people: an admin, instructors and students across the world. Safe to re-run."""

from functools import cache

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from .actions import set_free_hours
from .models import CodeOfConduct, Interest, Language, Profile

DEMO_PASSWORD = "study-together"  # noqa: S105 - printed for people trying the demo
ADMIN_EMAIL = "admin@commons.test"

INSTRUCTORS = [
    ("amara", "Dr Amara Okafor", "she/her", "Africa/Lagos", ["en", "yo"], "statistics"),
    ("kenji", "Prof. Kenji Watanabe", "he/him", "Asia/Tokyo", ["ja", "en"], "algorithms"),
    ("lucia", "Dr Lucía Fernández", "she/her", "Europe/Madrid", ["es", "en"], "ux design"),
]

# (handle, display name, pronouns, zone, languages)
STUDENTS = [
    ("ana", "Ana Souza", "she/her", "America/Sao_Paulo", ["pt", "es", "en"]),
    ("ben", "Ben Carter", "he/him", "America/New_York", ["en"]),
    ("chloe", "Chloé Martin", "she/her", "Europe/Paris", ["fr", "en"]),
    ("dev", "Dev Patel", "he/him", "Asia/Kolkata", ["hi", "en", "gu"]),
    ("emeka", "Emeka Nwosu", "he/him", "Africa/Lagos", ["en", "yo"]),
    ("fatima", "Fatima Zahra", "she/her", "Africa/Casablanca", ["ar", "fr", "en"]),
    ("gabriel", "Gabriel Rossi", "he/him", "Europe/Rome", ["it", "en"]),
    ("hana", "Hana Kim", "she/her", "Asia/Seoul", ["ko", "en"]),
    ("ivan", "Ivan Petrenko", "he/him", "Europe/Kyiv", ["uk", "ru", "en"]),
    ("jia", "Jia Li", "she/her", "Asia/Shanghai", ["zh", "en"]),
    ("kofi", "Kofi Mensah", "he/him", "Africa/Accra", ["en"]),
    ("laura", "Laura Schmidt", "she/her", "Europe/Berlin", ["de", "en"]),
    ("mateo", "Mateo García", "he/him", "America/Mexico_City", ["es", "en"]),
    ("nadia", "Nadia Rahman", "she/her", "Asia/Dhaka", ["bn", "en"]),
    ("oliver", "Oliver Brown", "he/him", "Europe/London", ["en"]),
    ("priya", "Priya Nair", "she/her", "Asia/Kolkata", ["ml", "ta", "en"]),
    ("quinn", "Quinn Taylor", "they/them", "America/St_Johns", ["en", "fr"]),
    ("rosa", "Rosa Jiménez", "she/her", "America/Bogota", ["es"]),
    ("sam", "Sam Wilson", "they/them", "Australia/Sydney", ["en"]),
    ("tariq", "Tariq Hassan", "he/him", "Africa/Cairo", ["ar", "en"]),
    ("uma", "Uma Krishnan", "she/her", "Asia/Singapore", ["ta", "en", "ms"]),
    ("victor", "Victor Dubois", "he/him", "America/Toronto", ["fr", "en"]),
    ("wanjiru", "Wanjiru Kamau", "she/her", "Africa/Nairobi", ["sw", "en"]),
    ("xavier", "Xavier Lopes", "he/him", "Europe/Lisbon", ["pt", "en"]),
    ("yuki", "Yuki Tanaka", "she/her", "Asia/Tokyo", ["ja", "en"]),
    ("zara", "Zara Ahmed", "she/her", "Asia/Karachi", ["ur", "en"]),
    ("aiko", "Aiko Suzuki", "she/her", "Pacific/Auckland", ["ja", "en"]),
    ("bruno", "Bruno Costa", "he/him", "America/Sao_Paulo", ["pt"]),
    ("camila", "Camila Reyes", "she/her", "America/Santiago", ["es", "en"]),
    ("diego", "Diego Morales", "he/him", "America/Los_Angeles", ["es", "en"]),
    ("elif", "Elif Yılmaz", "she/her", "Europe/Istanbul", ["tr", "en"]),
    ("femi", "Femi Adeyemi", "he/him", "Europe/London", ["en", "yo"]),
    ("grace", "Grace Chen", "she/her", "America/Vancouver", ["en", "zh"]),
    ("hugo", "Hugo Lindqvist", "he/him", "Europe/Stockholm", ["sv", "en"]),
    ("isha", "Isha Verma", "she/her", "Asia/Kolkata", ["hi", "en"]),
    ("jonas", "Jonas Becker", "he/him", "Europe/Berlin", ["de"]),
    ("kim", "Kim Nguyen", "she/her", "Asia/Ho_Chi_Minh", ["vi", "en"]),
    ("leila", "Leila Karimi", "she/her", "Asia/Tehran", ["fa", "en"]),
    ("malik", "Malik Johnson", "he/him", "America/Chicago", ["en"]),
    ("noor", "Noor Al-Sayed", "she/her", "Asia/Dubai", ["ar", "en"]),
]

# The language these people read Commons in; everyone else keeps their browser's.
INTERFACE_LANGUAGES = {
    "lucia": "es",
    "ana": "pt-br",
    "bruno": "pt-br",
    "mateo": "es",
    "rosa": "es",
    "camila": "es",
}

INTERESTS = [
    "statistics",
    "python",
    "machine learning",
    "chess",
    "jazz",
    "photography",
    "hiking",
    "board games",
    "data visualisation",
    "cooking",
    "languages",
    "writing",
    "design",
    "football",
    "climate",
    "music production",
    "philosophy",
    "running",
]

BIOS = [
    "Studying part-time while working. I like explaining things on a whiteboard.",
    "Career changer, learning in the evenings. Happy to swap notes.",
    "First year online; looking for people to keep each other on track.",
    "I learn best by teaching. Ask me anything about the last problem set!",
    "Night owl. Coffee, code and the occasional chess game.",
]

# Wall-clock study habits: (weekdays, hours) in each person's own zone.
HABITS = [
    (range(0, 5), range(18, 22)),  # weekday evenings
    (range(0, 5), range(7, 9)),  # before work
    (range(5, 7), range(9, 13)),  # weekend mornings
    (range(0, 7), range(20, 23)),  # late every day
    (range(1, 4), range(12, 15)),  # midweek afternoons
]


def seed(rng):
    languages = {language.code: language for language in Language.objects.all()}
    interests = [Interest.objects.get_or_create(name=name)[0] for name in INTERESTS]
    admin = _person("admin", staff=True)
    _profile(admin, "Commons Admin", "", "UTC", [languages["en"]], [], "")
    for handle, name, pronouns, zone, codes, topic in INSTRUCTORS:
        user = _person(handle)
        _profile(
            user,
            name,
            pronouns,
            zone,
            [languages[c] for c in codes if c in languages],
            [Interest.objects.get_or_create(name=topic)[0]],
            f"I teach {topic} and love seeing students learn from each other.",
            role=Profile.Role.INSTRUCTOR,
        )
        set_free_hours(user, [(day, hour) for day in range(0, 5) for hour in (10, 11, 16)])
    for handle, name, pronouns, zone, codes in STUDENTS:
        user = _person(handle)
        _profile(
            user,
            name,
            pronouns,
            zone,
            [languages[c] for c in codes if c in languages],
            rng.sample(interests, 3),
            rng.choice(BIOS),
        )
        habits = rng.sample(HABITS, 2)
        set_free_hours(user, [(d, h) for days, hours in habits for d in days for h in hours])
    seed_pictures()


@cache
def _demo_password_hash():
    # Hashing is deliberately slow; one hash shared by every demo account keeps seeding quick.
    return make_password(DEMO_PASSWORD)


def _person(handle, staff=False):
    email = ADMIN_EMAIL if staff else f"{handle}@commons.test"
    user, created = get_user_model().objects.get_or_create(
        username=handle, defaults={"email": email}
    )
    if created:
        user.password = _demo_password_hash()
    user.is_staff = user.is_superuser = staff
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _profile(user, name, pronouns, zone, languages, interests, bio, role="student"):
    Profile.objects.filter(user=user).update(
        display_name=name,
        interface_language=INTERFACE_LANGUAGES.get(user.username, ""),
        pronouns=pronouns,
        time_zone=zone,
        time_zone_confirmed=True,
        conduct_version_accepted=CodeOfConduct.current_version(),
        bio=bio,
        role=role,
    )
    user.profile.languages.set(languages)
    user.profile.interests.set(interests)


def logins():
    """(email, who) rows printed after seeding."""
    return [
        (ADMIN_EMAIL, "admin (Django admin at /admin/)"),
        ("amara@commons.test", "instructor, Lagos"),
        ("ana@commons.test", "student, São Paulo, reads Commons in Portuguese"),
        ("mateo@commons.test", "student, Mexico City, reads Commons in Spanish"),
        ("dev@commons.test", "student, Kolkata (UTC+5:30)"),
        ("quinn@commons.test", "student, St John's (UTC-3:30)"),
        ("<first name>@commons.test", f"{len(STUDENTS) - 4} more students, e.g. chloe, yuki, kofi"),
    ]


# Profile pictures, drawn here (nothing is downloaded): a head and shoulders on a soft
# background, in colours picked per person. Some people keep their initials, as in life.
SKIN = [(241, 194, 160), (224, 172, 128), (198, 134, 94), (141, 85, 54), (92, 56, 36)]
HAIR = [(40, 28, 20), (90, 56, 30), (170, 120, 60), (20, 20, 24), (120, 40, 30), (200, 200, 200)]
BACKDROPS = [(196, 226, 220), (246, 214, 190), (214, 208, 240), (210, 228, 196), (250, 232, 170)]
PICTURE_SHARE = 0.6


def demo_portrait(rng, size=512):
    """A JPEG (bytes) of a simple drawn portrait."""
    import io

    from PIL import Image, ImageDraw

    backdrop = rng.choice(BACKDROPS)
    skin, hair = rng.choice(SKIN), rng.choice(HAIR)
    shirt = tuple(rng.randrange(40, 200) for _ in range(3))
    picture = Image.new("RGB", (size, size), backdrop)
    draw = ImageDraw.Draw(picture)
    unit = size / 16
    draw.ellipse([3 * unit, 11 * unit, 13 * unit, 21 * unit], fill=shirt)  # shoulders
    draw.rectangle([7 * unit, 9 * unit, 9 * unit, 12 * unit], fill=skin)  # neck
    draw.ellipse([4.2 * unit, 2.6 * unit, 11.8 * unit, 9.2 * unit], fill=hair)  # hair
    draw.ellipse([5 * unit, 3.6 * unit, 11 * unit, 10.4 * unit], fill=skin)  # face
    if rng.random() < 0.5:  # a fringe
        draw.chord([5 * unit, 3 * unit, 11 * unit, 7 * unit], 180, 360, fill=hair)
    for x in (6.9, 9.1):  # eyes and a smile
        draw.ellipse(
            [(x - 0.3) * unit, 6.6 * unit, (x + 0.3) * unit, 7.2 * unit], fill=(40, 30, 30)
        )
    draw.arc(
        [6.8 * unit, 7.4 * unit, 9.2 * unit, 9 * unit],
        20,
        160,
        fill=(120, 50, 50),
        width=max(2, size // 128),
    )
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=88)
    return out.getvalue()


def seed_pictures():
    """Drawn profile pictures for about half of the demo people (safe to run again).
    Their own random generator: the shared one stays as the other demos expect it."""
    import random

    from django.core.files.uploadedfile import SimpleUploadedFile

    rng = random.Random(16)

    from .actions import set_profile_picture

    handles = [handle for handle, *_ in INSTRUCTORS] + [handle for handle, *_ in STUDENTS]
    people = Profile.objects.filter(user__username__in=handles).select_related("user")
    for profile in people.order_by("user__username"):
        if profile.picture or rng.random() > PICTURE_SHARE:
            continue
        upload = SimpleUploadedFile("portrait.jpg", demo_portrait(rng), "image/jpeg")
        set_profile_picture(profile.user, upload)
