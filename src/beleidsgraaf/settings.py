"""Settings of beleidsgraaf, read from ``BELEIDSGRAAF_*`` environment variables (and a ``.env`` file).

Every setting can also be given as a CLI flag where a command uses it; the flag wins. See the README's
"Instellingen / Settings" section for the list.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    """``./data`` when the current folder has one, else ``data/`` of the source checkout."""
    here = Path("data")
    if (here / "sources.yaml").is_file():
        return here
    return Path(__file__).resolve().parents[2] / "data"


class Settings(BaseSettings):
    """All settings, with their defaults. Environment variables use the prefix ``BELEIDSGRAAF_``."""

    model_config = SettingsConfigDict(env_prefix="BELEIDSGRAAF_", env_file=".env", extra="ignore")

    base_iri: str = Field(
        default="https://data.beleidsgraaf.nl",
        description="Base of every minted IRI: {base_iri}/id/{coarse type}/{slug}. Set once, never change.",
    )
    data_dir: Path = Field(default_factory=_default_data_dir, description="Folder with sources.yaml and records.")
    store_path: Path = Field(default=Path("var/store"), description="Folder of the embedded on-disk store.")
    review_dir: Path = Field(default=Path("var/review"), description="Folder of review files shown at /review.")

    # remote store (optional; empty = embedded store)
    remote_query_url: str | None = Field(default=None, description="SPARQL 1.1 query endpoint of a remote store.")
    remote_update_url: str | None = Field(default=None, description="SPARQL 1.1 update endpoint of a remote store.")
    remote_user: str | None = None
    remote_password: SecretStr | None = None

    # web
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str | None = Field(default=None, description="URL the server is reached at, for links and SD.")
    write_token: SecretStr | None = Field(default=None, description="Bearer token for writes; unset = read-only.")
    query_timeout: float = Field(default=10.0, gt=0, description="Seconds a query may run before it is stopped.")
    update_timeout: float = Field(
        default=120.0, gt=0, description="Seconds a write may take (it is tried on a copy and checked first)."
    )
    max_rows: int = Field(
        default=100_000, gt=0, description="Maximum rows of a SELECT result (truncation is signalled)."
    )
    read_only: bool = Field(
        default=False,
        description="Open the embedded store as a reader (several worker processes share one store; no writes).",
    )
    store_in_memory: bool = Field(
        default=False,
        description="Read-only engines copy the store into memory when they start: the store's part of a one-hop "
        "query about 2x faster, for about 450 MB per million quads per worker and a start (and restart after a "
        "timeout) of ~8 s per million quads. Needs read-only serving.",
    )
    result_cache_mb: int = Field(
        default=64, ge=0, description="Memory for cached query answers per process (per store version); 0 = off."
    )
    max_body_bytes: int = Field(default=5_000_000, gt=0, description="Largest accepted request body.")
    max_header_bytes: int = Field(default=8192, gt=0, description="Largest accepted request headers (431).")
    outbound_allowlist: list[str] = Field(
        default_factory=list,
        description="IRI prefixes that SERVICE, LOAD and FROM may fetch. Empty = no outbound requests at all.",
    )
    cors_origins: list[str] = Field(default_factory=lambda: ["*"], description="Origins allowed to read via CORS.")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings, read once from the environment."""
    return Settings()
