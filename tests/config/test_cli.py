import pytest

from dibao.config import cli


def test_hyphenated_subcommands_reach_django_commands(capsys):
    with pytest.raises(SystemExit) as exited:
        cli.main(["dibao", "demo-data", "--help"])
    assert exited.value.code == 0
    assert "--households" in capsys.readouterr().out


def test_production_settings_refuse_to_start_without_secrets(monkeypatch):
    import importlib
    import sys

    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.delenv("DIBAO_SECRET_KEY", raising=False)
    sys.modules.pop("dibao.config.settings.production", None)
    with pytest.raises(ImproperlyConfigured, match="DIBAO_SECRET_KEY"):
        importlib.import_module("dibao.config.settings.production")
    monkeypatch.setenv("DIBAO_SECRET_KEY", "x" * 50)
    monkeypatch.setenv("DIBAO_ALLOWED_HOSTS", "dibao.example.org")
    sys.modules.pop("dibao.config.settings.base", None)
    sys.modules.pop("dibao.config.settings.production", None)
    production = importlib.import_module("dibao.config.settings.production")
    assert production.DEBUG is False and production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    sys.modules.pop("dibao.config.settings.base", None)
    sys.modules.pop("dibao.config.settings.production", None)
