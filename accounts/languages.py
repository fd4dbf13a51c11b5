"""The languages people can list on their profile (ISO 639-1 codes)."""

from django.core.cache import cache

LANGUAGES = [
    ("ar", "Arabic"),
    ("bn", "Bengali"),
    ("ca", "Catalan"),
    ("cs", "Czech"),
    ("da", "Danish"),
    ("de", "German"),
    ("el", "Greek"),
    ("en", "English"),
    ("es", "Spanish"),
    ("fa", "Persian"),
    ("fi", "Finnish"),
    ("fil", "Filipino"),
    ("fr", "French"),
    ("gu", "Gujarati"),
    ("ha", "Hausa"),
    ("he", "Hebrew"),
    ("hi", "Hindi"),
    ("hu", "Hungarian"),
    ("id", "Indonesian"),
    ("it", "Italian"),
    ("ja", "Japanese"),
    ("ko", "Korean"),
    ("ml", "Malayalam"),
    ("ms", "Malay"),
    ("nl", "Dutch"),
    ("no", "Norwegian"),
    ("pa", "Punjabi"),
    ("pl", "Polish"),
    ("pt", "Portuguese"),
    ("ro", "Romanian"),
    ("ru", "Russian"),
    ("sv", "Swedish"),
    ("sw", "Swahili"),
    ("ta", "Tamil"),
    ("te", "Telugu"),
    ("th", "Thai"),
    ("tr", "Turkish"),
    ("uk", "Ukrainian"),
    ("ur", "Urdu"),
    ("vi", "Vietnamese"),
    ("yo", "Yoruba"),
    ("zh", "Chinese"),
]


# Each language's name for itself, so that "português" or "español" finds what
# "Portuguese" or "Spanish" does.
NATIVE_NAMES = {
    "ar": "العربية",
    "bn": "বাংলা",
    "ca": "català",
    "cs": "čeština",
    "da": "dansk",
    "de": "Deutsch",
    "el": "ελληνικά",
    "en": "English",
    "es": "español",
    "fa": "فارسی",
    "fi": "suomi",
    "fil": "Filipino",
    "fr": "français",
    "gu": "ગુજરાતી",
    "ha": "Hausa",
    "he": "עברית",
    "hi": "हिन्दी",
    "hu": "magyar",
    "id": "Bahasa Indonesia",
    "it": "italiano",
    "ja": "日本語",
    "ko": "한국어",
    "ml": "മലയാളം",
    "ms": "Bahasa Melayu",
    "nl": "Nederlands",
    "no": "norsk",
    "pa": "ਪੰਜਾਬੀ",
    "pl": "polski",
    "pt": "português",
    "ro": "română",
    "ru": "русский",
    "sv": "svenska",
    "sw": "Kiswahili",
    "ta": "தமிழ்",
    "te": "తెలుగు",
    "th": "ไทย",
    "tr": "Türkçe",
    "uk": "українська",
    "ur": "اردو",
    "vi": "Tiếng Việt",
    "yo": "Yorùbá",
    "zh": "中文",
}

CHOICES_CACHE_KEY = "accounts:language-choices"


def language_choices():
    """(id, name) of every Language, by name, from the cache: filter forms list them on
    every visit and they change only in the admin, which forgets them (signals)."""
    from .models import Language

    return cache.get_or_set(
        CHOICES_CACHE_KEY, lambda: list(Language.objects.values_list("pk", "name")), None
    )


def forget_language_choices():
    cache.delete(CHOICES_CACHE_KEY)
