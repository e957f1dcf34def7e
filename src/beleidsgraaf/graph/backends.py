"""Choose the store from the settings: the embedded on-disk store (default) or a remote SPARQL 1.1 store.

Set ``BELEIDSGRAAF_REMOTE_QUERY_URL`` (and ``_REMOTE_UPDATE_URL`` to build or update, ``_REMOTE_USER`` and
``_REMOTE_PASSWORD`` when the store asks for credentials) and every command and the web app use that store
instead of ``BELEIDSGRAAF_STORE_PATH``. See :mod:`beleidsgraaf.graph.remote`.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from beleidsgraaf.errors import ConfigurationError, ValidationFailed
from beleidsgraaf.graph.remote import RemoteStore, build_remote
from beleidsgraaf.graph.store import EmbeddedStore, StoreInfo, open_store
from beleidsgraaf.graph.validate import CheckResult, check_project
from beleidsgraaf.settings import Settings

logger = logging.getLogger(__name__)

#: Either store; both offer select/ask/query/update/named_graphs/version/info/close.
AnyStore = EmbeddedStore | RemoteStore


def is_remote(settings: Settings) -> bool:
    """Whether the settings point at a remote store."""
    return bool(settings.remote_query_url)


def open_remote(settings: Settings) -> RemoteStore:
    """The remote store the settings name.

    Raises:
        ConfigurationError: ``remote_query_url`` is not set, or credentials are half given.
    """
    if not settings.remote_query_url:
        raise ConfigurationError("remote_query_url: not set (BELEIDSGRAAF_REMOTE_QUERY_URL)")
    if bool(settings.remote_user) != bool(settings.remote_password):
        raise ConfigurationError("remote_user / remote_password: give both or neither")
    password = settings.remote_password.get_secret_value() if settings.remote_password else None
    return RemoteStore(settings.remote_query_url, settings.remote_update_url, user=settings.remote_user,
                       password=password, base_iri=settings.base_iri, timeout=settings.query_timeout)


def open_backend(settings: Settings, *, read_only: bool = False) -> AnyStore:
    """Open the store the settings name: remote when ``remote_query_url`` is set, else the embedded one.

    Raises:
        ConfigurationError: the remote settings are incomplete.
        StoreError: the embedded store cannot be opened.
    """
    if is_remote(settings):
        return open_remote(settings)
    return open_store(settings.store_path, read_only=read_only)


def build_backend(
    settings: Settings, *, progress: Callable[[str], None] | None = None
) -> tuple[CheckResult, StoreInfo]:
    """Validate the sources and, only when they pass, load them into the store the settings name.

    Raises:
        ValidationFailed: the sources have problems; the store is left as it was.
        ConfigurationError: the remote settings are incomplete or name no update endpoint.
        StoreError: the store could not be written.
        QueryError: the remote store rejected an update.
    """
    from beleidsgraaf.graph.pipeline import build, ontology_quads, to_nquads

    if not is_remote(settings):
        return build(settings.data_dir, settings.store_path, settings.base_iri, progress=progress)
    if not settings.remote_update_url:
        raise ConfigurationError("remote_update_url: needed to build into a remote store "
                                 "(BELEIDSGRAAF_REMOTE_UPDATE_URL)")
    say = progress or (lambda _msg: None)
    say(f"lezen en valideren / reading and validating {settings.data_dir}")
    result = check_project(settings.data_dir, settings.base_iri)
    if not result.ok:
        raise ValidationFailed(result.problems)
    quads = [*result.compiled.quads, *ontology_quads(settings.base_iri)]
    data = to_nquads(quads)
    graphs = sorted({str(q[3]) for q in quads})
    store = open_remote(settings)
    try:
        info = build_remote(store, data, build_id=hashlib.sha256(data).hexdigest()[:16], graphs=graphs,
                            progress=say)
    finally:
        store.close()
    return result, info
