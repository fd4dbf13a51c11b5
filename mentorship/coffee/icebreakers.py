"""Questions that start a coffee chat: about study and life, never about grades."""

ICEBREAKERS = [
    "What is something you learnt this month that surprised you?",
    "Where in the world are you, and what does your study corner look like?",
    "What is a skill you picked up outside school that you are proud of?",
    "Which course topic would you explain to a ten-year-old, and how?",
    "What is your best trick for getting started when you do not feel like it?",
    "If you could sit in on any class in the world, which would it be?",
    "What is a book, podcast or video that changed how you study?",
    "What does a good study break look like for you?",
    "What brought you to this course, and what do you hope to do with it?",
    "What is a word in your language that has no good translation?",
    "What is the most useful mistake you have made while learning?",
    "Which time of day do you think best, and why?",
]
