"""The page benchmark's servers: production settings, plus the signed-in hello floor."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "benchmarks.pages_urls"
