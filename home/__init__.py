"""Pages composed from every app: home, /healthz, the admin site and its dashboard,
every page's socket and the demo seeder. The top floor: it imports each app's modules
directly, and nothing imports it."""
