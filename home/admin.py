from . import moderation_queue  # noqa: F401 - registers the Report admin (the queue)
