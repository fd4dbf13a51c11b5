"""Demo data: instructors, students across the world, their courses. Safe to re-run."""

import random

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.actions import set_free_hours
from accounts.models import Interest, Language, Profile
from courses.models import Course
from lounge.demo import seed_lounge

DEMO_PASSWORD = "study-together"  # noqa: S105 - printed for people trying the demo
ADMIN_EMAIL = "admin@commons.test"

INSTRUCTORS = [
    ("amara", "Dr Amara Okafor", "she/her", "Africa/Lagos", ["en", "yo"], "statistics"),
    ("kenji", "Prof. Kenji Watanabe", "he/him", "Asia/Tokyo", ["ja", "en"], "algorithms"),
    ("lucia", "Dr Lucía Fernández", "she/her", "Europe/Madrid", ["es", "en"], "ux design"),
]

COURSES = [
    (
        "STAT101",
        "Introduction to Statistics",
        "amara",
        "Descriptive statistics, probability and inference, with weekly problem sets that reward "
        "working together.",
    ),
    (
        "CS201",
        "Algorithms and Data Structures",
        "kenji",
        "Sorting, graphs, dynamic programming. Pair up for the weekly coding exercises.",
    ),
    (
        "DES110",
        "Foundations of UX Design",
        "lucia",
        "Research, sketching and prototyping, with peer critique every week.",
    ),
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


class Command(BaseCommand):
    help = "Creates demo people and courses (safe to run again) and prints the demo logins."

    @transaction.atomic
    def handle(self, *args, **options):
        rng = random.Random(2026)  # the same demo world on every run
        languages = {language.code: language for language in Language.objects.all()}
        interests = [Interest.objects.get_or_create(name=name)[0] for name in INTERESTS]

        admin = self._person("admin", "Commons Admin", "", "UTC", staff=True)
        self._profile(admin, "Commons Admin", "", "UTC", [languages["en"]], [], "")
        instructors = {}
        for handle, name, pronouns, zone, codes, topic in INSTRUCTORS:
            user = self._person(handle, name, pronouns, zone)
            topic_interest = Interest.objects.get_or_create(name=topic)[0]
            self._profile(
                user,
                name,
                pronouns,
                zone,
                [languages[c] for c in codes if c in languages],
                [topic_interest],
                f"I teach {topic} and love seeing students learn from each other.",
                role=Profile.Role.INSTRUCTOR,
            )
            set_free_hours(user, [(day, hour) for day in range(0, 5) for hour in (10, 11, 16)])
            instructors[handle] = user
        for code, title, teacher, description in COURSES:
            Course.objects.update_or_create(
                code=code,
                defaults={
                    "title": title,
                    "term": "Spring 2027",
                    "description": description,
                    "instructor": instructors[teacher],
                },
            )
        for handle, name, pronouns, zone, codes in STUDENTS:
            user = self._person(handle, name, pronouns, zone)
            self._profile(
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
        seed_lounge()
        self._print_logins()

    def _person(self, handle, name, pronouns, zone, staff=False):
        email = ADMIN_EMAIL if staff else f"{handle}@commons.test"
        user, created = get_user_model().objects.get_or_create(
            username=handle, defaults={"email": email}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
        user.is_staff = user.is_superuser = staff
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    def _profile(self, user, name, pronouns, zone, languages, interests, bio, role="student"):
        Profile.objects.filter(user=user).update(
            display_name=name,
            pronouns=pronouns,
            time_zone=zone,
            time_zone_confirmed=True,
            bio=bio,
            role=role,
        )
        user.profile.languages.set(languages)
        user.profile.interests.set(interests)

    def _print_logins(self):
        self.stdout.write(
            self.style.SUCCESS(f"Demo data is ready. Every demo password is “{DEMO_PASSWORD}”.")
        )
        rows = [
            ("admin (Django admin at /admin/)", ADMIN_EMAIL),
            ("instructor, Lagos", "amara@commons.test"),
            ("student, São Paulo", "ana@commons.test"),
            ("student, Kolkata (UTC+5:30)", "dev@commons.test"),
            ("student, St John's (UTC-3:30)", "quinn@commons.test"),
        ]
        for who, email in rows:
            self.stdout.write(f"  {email:<24} {who}")
        self.stdout.write(f"  …and {len(STUDENTS) - 3} more students: <name>@commons.test")
