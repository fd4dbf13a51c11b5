"""The private storage: files people share (chat attachments, profile pictures) kept
outside every public URL and served only by views that check who may see them."""

from django.core.files.storage import Storage, storages


def private_storage():
    """settings.STORAGES["private"] as configured now."""
    return storages["private"]


class PrivateStorage(Storage):
    """The "private" storage as configured now, for FileFields: a field keeps the
    storage it was given when its model class was made, and this one follows a change
    of settings.STORAGES (tests use a temporary directory) instead of freezing it."""

    def __getattribute__(self, name):
        if name.startswith("__"):
            return object.__getattribute__(self, name)
        return getattr(storages["private"], name)
