"""Questions that start a coffee chat: about study and life, never about grades.

A pairing stores its question in English, marked here for translation; each page
translates it for its reader, so partners with different languages each read their own."""

from django.utils.translation import gettext_noop

ICEBREAKERS = [
    gettext_noop("What is something you learnt this month that surprised you?"),
    gettext_noop("Where in the world are you, and what does your study corner look like?"),
    gettext_noop("What is a skill you picked up outside school that you are proud of?"),
    gettext_noop("Which course topic would you explain to a ten-year-old, and how?"),
    gettext_noop("What is your best trick for getting started when you do not feel like it?"),
    gettext_noop("If you could sit in on any class in the world, which would it be?"),
    gettext_noop("What is a book, podcast or video that changed how you study?"),
    gettext_noop("What does a good study break look like for you?"),
    gettext_noop("What brought you to this course, and what do you hope to do with it?"),
    gettext_noop("What is a word in your language that has no good translation?"),
    gettext_noop("What is the most useful mistake you have made while learning?"),
    gettext_noop("Which time of day do you think best, and why?"),
]
