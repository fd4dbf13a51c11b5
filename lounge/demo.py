# ruff: noqa: E501 - conversation lines read better unwrapped
"""Demo lounge: the social channels with a few days of conversation across time
zones, and some direct messages. Safe to run again (existing channels are kept)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from . import actions
from .actions.notifications import chat_read
from .models import Channel, CommunitySettings, Message, Report

SOCIAL_CHANNELS = [
    ("introductions", "Say hello: who you are, where you study from, what you are learning."),
    ("cultural-exchange", "Food, festivals, languages and life where you live."),
    ("study-tips", "What works for you: routines, tools, focus tricks."),
    ("off-topic", "Weekends, music, pets and everything else."),
]

# (channel, hours ago, author, text, reactions [(emoji, handles)], replies_to index or None)
CONVERSATION = [
    (
        "introductions",
        80,
        "ana",
        "Oi! I'm Ana from São Paulo, taking **STAT101** in the evenings after work.",
        [("👋", ["dev", "chloe"])],
        None,
    ),
    (
        "introductions",
        79,
        "dev",
        "Hi Ana! Dev from Kolkata here, it's 04:30 for me so I'm the early bird of this channel 🐦",
        [("😂", ["ana"])],
        None,
    ),
    (
        "introductions",
        70,
        "chloe",
        "Bonjour tout le monde, Chloé from Paris. Doing CS201 and trying to survive dynamic programming.",
        [("💪", ["kenji", "dev"])],
        None,
    ),
    (
        "introductions",
        60,
        "sam",
        "G'day from Sydney! They/them. Happy to pair on algorithms exercises on weekends.",
        [],
        None,
    ),
    (
        "introductions",
        30,
        "fatima",
        "Salam! Fatima from Casablanca. I speak Arabic, French and English; ask me for French practice 🙂",
        [("❤️", ["chloe", "ana"])],
        None,
    ),
    (
        "cultural-exchange",
        75,
        "ana",
        "Question for everyone: what's a dish from home you'd cook for a study group night?",
        [("🍲", ["dev", "hana", "emeka"])],
        None,
    ),
    (
        "cultural-exchange",
        74,
        "emeka",
        "Jollof rice, no contest. Though my Ghanaian friends will argue about whose is better 😄",
        [("😂", ["kofi", "ana"])],
        5,
    ),
    (
        "cultural-exchange",
        73,
        "kofi",
        "@emeka Ghana jollof is the original and you know it.",
        [("😂", ["emeka", "ana", "dev"])],
        6,
    ),
    (
        "cultural-exchange",
        72,
        "hana",
        "Kimchi jjigae! Spicy stew, perfect before an exam. It's also very cheap to make.",
        [],
        5,
    ),
    (
        "cultural-exchange",
        50,
        "dev",
        "In Kolkata it's Durga Puja season soon — the whole city turns into an art gallery. Anyone have a festival like that?",
        [("🎉", ["ana", "chloe"])],
        None,
    ),
    (
        "cultural-exchange",
        49,
        "ana",
        "Carnaval! Though I'll be studying through most of it this year 😅",
        [("🎉", ["dev"])],
        9,
    ),
    (
        "cultural-exchange",
        48,
        "yuki",
        "We have Obon in summer, families gather and there are lanterns on the rivers. Very beautiful.",
        [("🏮", ["hana", "dev"])],
        9,
    ),
    (
        "cultural-exchange",
        30,
        "laura",
        "Fun fact: in Germany many shops are closed on Sundays. I plan my groceries around my study schedule now.",
        [("😮", ["ben", "quinn"])],
        None,
    ),
    ("cultural-exchange", 29, "ben", "That would break me. New York never closes 😂", [], 12),
    (
        "cultural-exchange",
        12,
        "quinn",
        "St John's is half an hour off from everyone else — I'm the only one whose meeting times never look round.",
        [("😂", ["ana", "laura", "dev"])],
        None,
    ),
    (
        "cultural-exchange",
        3,
        "chloe",
        "Anyone want to do a language swap? I can help with French, looking for Portuguese or Korean.",
        [("🙋", ["ana", "hana"])],
        None,
    ),
    (
        "cultural-exchange",
        2,
        "ana",
        "@chloe yes! Portuguese for French, 30 min on Saturdays?",
        [],
        15,
    ),
    (
        "study-tips",
        90,
        "priya",
        "Pomodoro but 50/10 instead of 25/5 works much better for me for long proofs.",
        [("👍", ["dev", "laura"])],
        None,
    ),
    (
        "study-tips",
        85,
        "laura",
        "I write a *one-line summary* after every lecture video. Revision is so much faster.",
        [("💡", ["priya", "ana"])],
        None,
    ),
    (
        "study-tips",
        40,
        "dev",
        "Tools I use:\n- Anki for definitions\n- a paper notebook for derivations\n- `python -i` to check answers",
        [("🙏", ["ana", "priya"])],
        None,
    ),
    (
        "study-tips",
        20,
        "ben",
        "Body doubling on a video call with someone from another time zone: they're starting their day, I'm ending mine, we both focus.",
        [("❤️", ["quinn", "sam"])],
        None,
    ),
    (
        "off-topic",
        65,
        "sam",
        "Weekend report: hiked the Blue Mountains, saw zero koalas, one very rude cockatoo.",
        [("🦜", ["ana", "chloe", "emeka"])],
        None,
    ),
    ("off-topic", 64, "chloe", "The rude cockatoo is the real content here", [("😂", ["sam"])], 21),
    (
        "off-topic",
        26,
        "emeka",
        "What's everyone listening to while studying? I'm on lo-fi afrobeats playlists.",
        [],
        None,
    ),
    (
        "off-topic",
        25,
        "hana",
        "Film soundtracks. Nothing with lyrics or I start singing.",
        [("🎵", ["emeka"])],
        23,
    ),
]

DIRECT = [
    (
        ["ana", "chloe"],
        [
            ("chloe", 20, "Salut Ana! For the language swap, does Saturday 14:00 UTC work?"),
            ("ana", 19, "Perfect, that's 11:00 for me. Até sábado!"),
        ],
    ),
    (
        ["dev", "priya"],
        [
            ("priya", 10, "Did you finish problem set 3? Question 4 is confusing me."),
            ("dev", 9, "Yes! Think of it as a conditional probability, not a joint one."),
        ],
    ),
]

# Threads under messages of CONVERSATION: (its index, [(hours ago, author, text,
# also sent to the channel)]).
THREADS = [
    (
        17,
        [
            (88, "kenji", "50/10 is what I do too. Do you stretch in the 10?", False),
            (87, "priya", "A walk around the block, no phone. Makes a huge difference.", False),
            (60, "chloe", "Trying this for my DP practice this week, will report back", False),
            (
                22,
                "chloe",
                "Update: 50/10 is **so** much better for long problem sets. Thanks @priya!",
                True,
            ),
        ],
    ),
    (
        20,
        [
            (
                19,
                "fatima",
                "I'd love that. Mornings in Casablanca are your evenings, right @ben?",
                False,
            ),
            (18, "ben", "Exactly: 20:00 New York is 01:00 for you though. Weekends?", False),
            (17, "fatima", "Saturday 14:00 mine works: let's try it", False),
        ],
    ),
]


@transaction.atomic
def seed_lounge(stdout=None):
    people = {u.username: u for u in get_user_model().objects.all()}
    if "ana" not in people:
        return
    now = timezone.now()
    channels = {}
    for slug, topic in SOCIAL_CHANNELS:
        channel = Channel.objects.filter(slug=slug).first()
        if channel is None:
            channel = actions.create_channel(
                people["ana"], kind=Channel.Kind.SOCIAL, name=slug, topic=topic, slug=slug
            )
        channels[slug] = channel
        for user in people.values():
            if not user.is_staff:
                actions.add_channel_member(channel, user)
    if Message.objects.filter(channel__in=channels.values()).exists():
        return
    # The seeder writes days of history at once: the posting rate limit does not apply.
    with override_settings(LOUNGE_RATE_LIMIT=(10**6, 1)):
        posted = []
        for slug, hours_ago, handle, text, reactions, reply in CONVERSATION:
            reply_to = posted[reply].pk if reply is not None else None
            message, _ = actions.post_message(
                people[handle], channels[slug], text, reply_to_id=reply_to
            )
            Message.objects.filter(pk=message.pk).update(
                created_at=now - timedelta(hours=hours_ago)
            )
            for emoji, handles in reactions:
                for reactor in handles:
                    if reactor in people:
                        actions.add_channel_member(channels[slug], people[reactor])
                        actions.toggle_reaction(people[reactor], message, emoji)
            posted.append(message)
        for index, replies in THREADS:
            root = posted[index]
            for hours_ago, handle, text, also in replies:
                message, _ = actions.post_message(
                    people[handle],
                    root.channel,
                    text,
                    thread_root_id=root.pk,
                    also_in_channel=also,
                )
                Message.objects.filter(pk=message.pk).update(
                    created_at=now - timedelta(hours=hours_ago)
                )
            actions.refresh_thread_summary(root.pk)  # with the replies' demo times
        for handles, lines in DIRECT:
            channel = actions.open_direct_channel(
                people[handles[0]], [people[h] for h in handles[1:]]
            )
            for handle, hours_ago, text in lines:
                message, _ = actions.post_message(people[handle], channel, text)
                Message.objects.filter(pk=message.pk).update(
                    created_at=now - timedelta(hours=hours_ago)
                )
    # Demo people have read everything but the last day of #cultural-exchange, and
    # what told them of it: the rest waits for them in the notification centre.
    for channel in channels.values():
        channel.refresh_from_db()
        read_up_to = max(channel.last_seq - 3, 0)
        channel.memberships.update(last_read_seq=read_up_to)
        for membership in channel.memberships.select_related("user"):
            chat_read(membership.user, channel, read_up_to)


# (channel, author, text, reporter, reason, note)
REPORTED = [
    (
        "study-tips",
        "emeka",
        "Honestly I'm so tired of all of it. I don't really see the point of anything anymore.",
        "hana",
        "self_harm",
        "This worried me. Could someone check on Emeka?",
    ),
    (
        "off-topic",
        "dev",
        "Anyone who still uses tabs instead of spaces is an idiot, sorry not sorry",
        "chloe",
        "harassment",
        "Third time this week Dev insults people in this channel.",
    ),
]
SPAM = ("off-topic", "kofi", "Cheap essays!!! 100% original, DM me for prices 💰💰", "ana")


@transaction.atomic
def seed_moderation():
    """A flagged word list, two open reports (one a self-harm concern, one also flagged
    automatically) and one past action in the audit log, all through the verbs."""
    people = {u.username: u for u in get_user_model().objects.all()}
    moderator = next((u for u in people.values() if u.is_staff and u.is_active), None)
    needed = {"emeka", "hana", "dev", "chloe", "kofi", "ana"}
    if moderator is None or not needed <= people.keys() or Report.objects.exists():
        return
    settings_row = CommunitySettings.load()
    settings_row.flagged_words = "idiot\nmoron\nloser"
    settings_row.save()
    channels = {c.slug: c for c in Channel.objects.filter(slug__in=["study-tips", "off-topic"])}
    with override_settings(LOUNGE_RATE_LIMIT=(10**6, 1)):
        slug, handle, text, reporter = SPAM
        spam, _ = actions.post_message(people[handle], channels[slug], text)
        report = actions.file_report(people[reporter], spam, "spam", "Advertising essays.")
        actions.hide_message(moderator, spam, "Advertising paid essays (academic dishonesty).")
        actions.resolve_report(moderator, report, outcome="actioned", reason="Spam, hidden.")
        for slug, handle, text, reporter, reason, note in REPORTED:
            actions.add_channel_member(channels[slug], people[reporter])
            message, _ = actions.post_message(people[handle], channels[slug], text)
            actions.file_report(people[reporter], message, reason, note)


def seed_welcome():
    """People who sign up to the demo land in #introductions."""
    introductions = Channel.objects.filter(slug="introductions").first()
    if introductions is None:
        return
    settings_row = CommunitySettings.load()
    settings_row.save()  # the settings row must exist before it can name channels
    settings_row.welcome_channels.add(introductions)


def seed(rng):
    """Entry point for manage.py seed_demo (the conversation is fixed, not random)."""
    seed_lounge()
    seed_files()
    seed_moderation()
    seed_welcome()


# Shared files and pictures, all made here (Pillow draws the pictures).
def _festival_picture():
    """Lanterns over a street at dusk."""
    import io
    import random

    from PIL import Image, ImageDraw

    rng = random.Random(7)
    width, height = 960, 640
    picture = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        t = y / height
        draw.line([(0, y), (width, y)], fill=(int(40 + 60 * t), int(30 + 40 * t), int(90 + 40 * t)))
    for x in range(0, width, 120):  # houses
        top = rng.randrange(330, 430)
        draw.rectangle([x, top, x + 110, height], fill=(50, 40, 60))
        for wy in range(top + 20, height - 40, 50):
            draw.rectangle([x + 20, wy, x + 40, wy + 25], fill=(255, 210, 120))
            draw.rectangle([x + 70, wy, x + 90, wy + 25], fill=(255, 190, 100))
    for row, y in enumerate((120, 200, 270)):  # strings of lanterns
        draw.line([(0, y - 20), (width, y + 20)], fill=(30, 20, 20), width=2)
        for x in range(30 + row * 25, width, 80):
            colour = rng.choice([(230, 60, 50), (250, 170, 40), (240, 90, 120)])
            yy = y - 20 + 40 * x / width
            draw.ellipse([x - 16, yy, x + 16, yy + 40], fill=colour)
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=88)
    return out.getvalue()


def _study_week_chart():
    """A bar chart of hours studied per day, as someone would screenshot it."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    picture = Image.new("RGB", (720, 420), (255, 255, 255))
    draw = ImageDraw.Draw(picture)
    font = ImageFont.load_default(size=20)
    draw.text((30, 20), "Hours studied this week", fill=(20, 30, 40), font=font)
    hours = [2, 3.5, 1, 4, 2.5, 5, 1.5]
    for index, (day, value) in enumerate(zip("MTWTFSS", hours, strict=True)):
        left = 60 + index * 90
        draw.rectangle([left, 360 - value * 55, left + 50, 360], fill=(31, 95, 91))
        draw.text((left + 18, 370), day, fill=(60, 60, 60), font=font)
    draw.line([(40, 360), (690, 360)], fill=(120, 120, 120), width=2)
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


POMODORO_NOTES = """# Pomodoro checklist

1. Phone in another room.
2. 25 minutes on one task, written on a sticky note.
3. 5 minutes away from the screen.
4. Every fourth break: 20 minutes, a walk.
"""

PDF_NOTES = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
    b" /Resources << /Font << /F1 5 0 R >> >> >> endobj\n"
    b"4 0 obj << /Length 68 >> stream\nBT /F1 24 Tf 72 760 Td (Bayes' theorem: a one-page summary) Tj ET\n"
    b"endstream endobj\n5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)

# (channel, hours ago, author, text, [(file name, bytes maker)])
SHARED_FILES = [
    (
        "cultural-exchange",
        1,
        "yuki",
        "Tanabata in our street last night 🎋",
        [("tanabata-street.jpg", _festival_picture)],
    ),
    (
        "study-tips",
        14,
        "dev",
        "My week in hours. Saturdays are the real study day",
        [("study-week.png", _study_week_chart)],
    ),
    (
        "study-tips",
        13,
        "chloe",
        "What I stick to my desk:",
        [("pomodoro-checklist.md", lambda: POMODORO_NOTES.encode())],
    ),
    (
        "study-tips",
        5,
        "ana",
        "For STAT101 people: my one-page summary of Bayes",
        [("bayes-summary.pdf", lambda: PDF_NOTES)],
    ),
]


def seed_files():
    """A few pictures and files in the demo conversations (once)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .attachments import prepare_uploads
    from .models import Attachment

    people = {u.username: u for u in get_user_model().objects.all()}
    channels = {
        c.slug: c for c in Channel.objects.filter(slug__in=["cultural-exchange", "study-tips"])
    }
    if Attachment.objects.exists() or len(channels) < 2:
        return
    now = timezone.now()
    with override_settings(LOUNGE_RATE_LIMIT=(10**6, 1)):
        for slug, hours_ago, handle, text, files in SHARED_FILES:
            if handle not in people:
                continue
            uploads = [SimpleUploadedFile(name, make()) for name, make in files]
            message, _ = actions.post_message(
                people[handle], channels[slug], text, attachments=prepare_uploads(uploads)
            )
            Message.objects.filter(pk=message.pk).update(
                created_at=now - timedelta(hours=hours_ago)
            )
