"""Per-deployment settings for live runs (pydantic-settings): environment first, then a TOML file.

Every field can be set as `KZTARIFFS_<FIELD>` (upper case; lists and tables as JSON, e.g.
`KZTARIFFS_RENDER='{"tele2": true}'`) or in a TOML file: `$KZTARIFFS_SETTINGS_FILE`, else
`kztariffs.toml` in the working directory. Example:

    user_agent = "kztariffs/0.1 (+https://example.org/kztariffs; ops@example.org)"
    delay_floor_s = 2.0
    allowed_hosts = ["beeline.kz", "tele2.kz"]
    cache_dir = "/srv/kztariffs/cache"
    [render]
    tele2 = true

An unknown key or a bad value stops the run with pydantic's message naming the field.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from scrapers.fetch import DEFAULT_USER_AGENT, FetchSettings

SETTINGS_FILE_ENV = "KZTARIFFS_SETTINGS_FILE"
DEFAULT_SETTINGS_FILE = Path("kztariffs.toml")
MIN_DELAY_FLOOR_S = 0.0  # tests and loopback benches use 0; production keeps the 1 s default


def settings_file() -> Path:
    return Path(os.environ.get(SETTINGS_FILE_ENV) or DEFAULT_SETTINGS_FILE)


class Settings(BaseSettings):
    """What differs between deployments of the live crawl."""

    model_config = SettingsConfigDict(env_prefix="KZTARIFFS_", extra="forbid", frozen=True)

    user_agent: str = Field(
        DEFAULT_USER_AGENT, description="sent with every request; must carry a contact URL"
    )
    delay_floor_s: float = Field(1.0, ge=MIN_DELAY_FLOOR_S, description="gap per host")
    allowed_hosts: list[str] | None = Field(
        None, description="if set, only these hosts are fetched (brand hosts outside are dropped)"
    )
    cache_dir: Path = Field(Path(".cache/kztariffs"), description="HTTP cache between runs")
    render: dict[str, bool] = Field(
        default_factory=dict, description="per operator: load pages in Chromium (overrides brand)"
    )
    chromium: str | None = Field(None, description="path of the Chromium binary")
    max_pages: int = Field(200, ge=1, description="pages per operator and run")

    @field_validator("user_agent")
    @classmethod
    def _has_contact(cls, value: str) -> str:
        if not re.search(r"https?://\S+", value):
            raise ValueError(
                "the user agent must name a contact URL, e.g. 'kztariffs/0.1 (+https://…)'"
            )
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=settings_file())
        return (init_settings, env_settings, toml)

    def fetch_settings(self) -> FetchSettings:
        return FetchSettings(user_agent=self.user_agent, delay_floor_s=self.delay_floor_s)
