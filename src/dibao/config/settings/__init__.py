"""Settings: `base` holds what every deployment shares; `development`, `production` and `test`
add what differs. `DJANGO_SETTINGS_MODULE` picks one (the `dibao` command defaults to development)."""
