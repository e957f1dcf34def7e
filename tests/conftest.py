"""Shared fixtures: the Hengelo graph built once per test session into a real on-disk store."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from beleidsgraaf.graph.pipeline import build
from beleidsgraaf.graph.store import EmbeddedStore
from beleidsgraaf.settings import Settings

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = REPO / "data"
BASE = "https://data.beleidsgraaf.nl"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The project's curated data folder."""
    return DATA_DIR


@pytest.fixture(scope="session")
def built_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built once from the project's data (do not write to it; copy it with ``store_copy``)."""
    path = tmp_path_factory.mktemp("store") / "hengelo"
    build(DATA_DIR, path, BASE)
    return path


@pytest.fixture()
def store_copy(built_store_path: Path, tmp_path: Path) -> Iterator[Path]:
    """A private copy of the built store that a test may change."""
    target = tmp_path / "store"
    shutil.copytree(built_store_path, target)
    yield target


@pytest.fixture(scope="session")
def hengelo_store(built_store_path: Path) -> Iterator[EmbeddedStore]:
    """The built Hengelo store, opened read-only (shared by the whole session)."""
    store = EmbeddedStore(built_store_path, read_only=True)
    yield store


@pytest.fixture()
def settings(built_store_path: Path, tmp_path: Path) -> Settings:
    """Settings pointing at the project's data and a private store path."""
    return Settings(data_dir=DATA_DIR, store_path=tmp_path / "store", base_iri=BASE)
