"""Deployment settings: environment over TOML over defaults; bad values name the field."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from kztariffs.live import configured
from kztariffs.settings import Settings
from scrapers.registry import get_brand


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("USER_AGENT", "DELAY_FLOOR_S", "ALLOWED_HOSTS", "CACHE_DIR", "RENDER"):
        monkeypatch.delenv(f"KZTARIFFS_{name}", raising=False)
    monkeypatch.setenv("KZTARIFFS_SETTINGS_FILE", str(tmp_path / "none.toml"))


def test_toml_then_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    toml = tmp_path / "kztariffs.toml"
    toml.write_text(
        'user_agent = "kz/1 (+https://example.org/contact)"\n'
        "delay_floor_s = 2.5\n"
        'allowed_hosts = ["beeline.kz"]\n'
        'cache_dir = "/srv/cache"\n'
        "[render]\ntele2 = true\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("KZTARIFFS_SETTINGS_FILE", str(toml))
    monkeypatch.setenv("KZTARIFFS_DELAY_FLOOR_S", "4")
    s = Settings()
    assert s.delay_floor_s == 4.0  # the environment wins over the file
    assert s.user_agent == "kz/1 (+https://example.org/contact)"
    assert s.cache_dir == Path("/srv/cache") and s.render == {"tele2": True}
    assert s.fetch_settings().delay_floor_s == 4.0
    assert s.fetch_settings().user_agent == s.user_agent


def test_a_user_agent_without_contact_url_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KZTARIFFS_USER_AGENT", "kztariffs/0.1")
    with pytest.raises(ValidationError, match="contact URL"):
        Settings()


def test_unknown_keys_and_negative_delays_are_refused(tmp_path: Path, monkeypatch) -> None:
    toml = tmp_path / "bad.toml"
    toml.write_text("delay_floor = 1\n", encoding="utf-8")
    monkeypatch.setenv("KZTARIFFS_SETTINGS_FILE", str(toml))
    with pytest.raises(ValidationError, match="delay_floor"):
        Settings()
    with pytest.raises(ValidationError, match="delay_floor_s"):
        Settings(delay_floor_s=-1)


def test_allowlist_and_render_apply_to_the_brand() -> None:
    tele2 = get_brand("tele2")
    assert tele2.render is False
    deployed = configured(tele2, Settings(allowed_hosts=["tele2.kz"], render={"tele2": True}))
    assert deployed.hosts == frozenset({"tele2.kz"}) and deployed.render is True
    assert deployed.operator == "tele2" and deployed.start_urls == tele2.start_urls
    assert configured(tele2, Settings()) is tele2
