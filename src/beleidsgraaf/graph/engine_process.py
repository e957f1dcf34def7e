"""The store engine in a child process, so that a query that runs too long can really be stopped.

pyoxigraph has no query timeout or cancellation and a signal does not interrupt a running evaluation. The web
process therefore never opens the store itself: one child process owns the on-disk store (read-write) and
evaluates requests in a thread pool (pyoxigraph releases the GIL, so queries run in parallel), talking to the
web process over a pipe. When a request passes its time limit, the parent kills the child (SIGKILL), starts a
new one on the same folder (acknowledged updates are durable through Oxigraph's write-ahead log), answers the
slow request with :class:`~beleidsgraaf.errors.QueryTimeout` and sends every other read that was in flight
once more to the new child. A write that was in flight is atomic, so it was applied completely or not at all;
its caller gets a :class:`~beleidsgraaf.errors.StoreError` that says so.

:class:`ProcessEngine` also implements the :class:`~beleidsgraaf.graph.store.GraphStore` protocol (``select``,
``ask``, ``version``), so the rest of the app can use it like the embedded store.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, InvalidStateError, ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from beleidsgraaf.errors import BeleidsgraafError, ConfigurationError, QueryError, QueryTimeout, StoreError
from beleidsgraaf.graph.engine import (
    Engine,
    GraphWrite,
    ListGraphs,
    QueryAnswer,
    QueryRequest,
    Request,
    UpdateRequest,
    error_from_payload,
    error_payload,
)
from beleidsgraaf.graph.store import (
    META_FILE,
    Binding,
    EmbeddedStore,
    Row,
    copy_to_memory,
    recover_interrupted_swap,
)
from beleidsgraaf.settings import Settings

logger = logging.getLogger(__name__)

_READY = -1
#: Pieces of a streamed answer the engine may send before the web process has passed the first one on.
STREAM_WINDOW = 4
#: How often the watchdog looks for requests past their time limit (seconds).
WATCH_INTERVAL = 0.02
#: How long the engine process may take to open the store (seconds); copying it into memory takes longer.
START_SECONDS = 60.0
START_SECONDS_IN_MEMORY = 1800.0


def child_entry() -> None:
    """Run the engine process; its configuration is the last command-line argument, as JSON."""
    config = json.loads(sys.argv[-1])
    conn = Connection(int(config["fd"]))
    _child_main(str(config["path"]), conn, int(config["workers"]), bool(config["check_shapes"]),
                config.get("ontology_graph"), read_only=bool(config.get("read_only", False)),
                in_memory=bool(config.get("in_memory", False)))


class _Flow:
    """Flow control of one streamed answer in the engine process: at most :data:`STREAM_WINDOW` pieces ahead."""

    def __init__(self) -> None:
        self.credits = threading.Semaphore(STREAM_WINDOW)
        self.cancelled = False

    def stop(self) -> None:
        self.cancelled = True
        self.credits.release(STREAM_WINDOW)


def _child_main(path: str, conn: Connection, workers: int, check_shapes: bool, ontology_graph: str | None, *,
                read_only: bool = False, in_memory: bool = False) -> None:
    """Entry point of the engine process: open the store, then serve requests until the pipe closes.

    Messages from the web process: ``(id, request, stream)`` to evaluate a request (``stream``: send a large
    SELECT result in pieces), ``("credit", id)`` when the web process has passed a piece on, ``("cancel", id)``
    when the client of a streamed answer is gone, ``None`` to stop. Answers: ``(id, "ok", answer)``,
    ``(id, "err", error)`` and, for streams, ``(id, "chunk", bytes)`` before the final answer. ``in_memory``
    (with ``read_only``) serves a copy of the store in memory and closes the files.
    """
    import pyoxigraph as ox

    try:
        store = ox.Store.read_only(path) if read_only else ox.Store(path)
        if in_memory:
            store = copy_to_memory(store)
    except OSError as exc:
        conn.send((_READY, "err", {"type": "StoreError", "message": f"cannot open the store at {path}: {exc}"}))
        return
    engine = Engine(store, check_shapes=check_shapes, ontology_graph=ontology_graph)
    send_lock = threading.Lock()
    flows: dict[int, _Flow] = {}

    def send(message: tuple[int, str, object]) -> bool:
        try:
            with send_lock:
                conn.send(message)
        except (OSError, ValueError):  # the parent is gone
            return False
        return True

    def run(req_id: int, request: Request, stream: bool) -> None:
        emit = None
        if stream:
            flow = flows[req_id]

            def emit(piece: bytes) -> bool:
                flow.credits.acquire()
                return not flow.cancelled and send((req_id, "chunk", piece))

        try:
            message: tuple[int, str, object] = (req_id, "ok", engine.handle(request, emit))
        except BaseException as exc:  # every failure goes back to the caller
            message = (req_id, "err", error_payload(exc))
        finally:
            flows.pop(req_id, None)
        send(message)

    conn.send((_READY, "ok", None))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="engine") as pool:
        while True:
            try:
                item = conn.recv()
            except (EOFError, OSError):
                break
            if item is None:
                break
            if isinstance(item[0], str):  # flow control of a stream
                flow = flows.get(item[1])
                if flow is not None:
                    flow.credits.release() if item[0] == "credit" else flow.stop()
                continue
            req_id, request, stream = item
            if stream:
                flows[req_id] = _Flow()
            pool.submit(run, req_id, request, stream)
        for flow in list(flows.values()):
            flow.stop()
    if not read_only:
        store.flush()


def _settle(future: Future[object], result: object) -> None:
    """Give a future its result unless it was cancelled meanwhile (the caller went away)."""
    with contextlib.suppress(InvalidStateError):
        future.set_result(result)


def _settle_error(future: Future[object], error: BaseException) -> None:
    """Give a future its error unless it was cancelled or settled meanwhile."""
    with contextlib.suppress(InvalidStateError):
        future.set_exception(error)


@dataclass(slots=True)
class Call:
    """A request sent to the engine: its id, the future that gets the answer, and its time limit."""

    id: int
    request: Request
    future: Future[object]
    read_only: bool
    deadline: float
    generation: int = 0
    retried: bool = False
    timeout: float = 0.0
    sent: bool = False
    #: For a streamed answer: receives each piece (in the reader thread) before the future gets the answer.
    on_chunk: Callable[[bytes], None] | None = None
    #: Pieces passed on so far (a stream that has begun is not sent again after a restart).
    pieces: int = 0


class ProcessEngine:
    """A store engine in a child process with a time limit that really stops evaluation.

    Raises:
        StoreError: on construction, when the child cannot open the store (e.g. another process holds it).

    """

    def __init__(
        self,
        path: Path,
        *,
        query_timeout: float = 10.0,
        update_timeout: float = 60.0,
        workers: int = 4,
        check_shapes: bool = True,
        ontology_graph: str | None = None,
        read_only: bool = False,
        in_memory: bool = False,
    ) -> None:
        if in_memory and not read_only:
            raise ConfigurationError(
                "BELEIDSGRAAF_STORE_IN_MEMORY needs a read-only store (BELEIDSGRAAF_READ_ONLY=true, or several "
                "workers): writes to a copy in memory would be lost / een kopie in het geheugen is alleen-lezen")
        self.path = path
        self.read_only = read_only
        self.in_memory = in_memory
        self.query_timeout = query_timeout
        self.update_timeout = update_timeout
        self.workers = workers
        self.check_shapes = check_shapes
        self.ontology_graph = ontology_graph
        self.restarts = 0
        self._writes = 0
        self._ids = itertools.count(1)
        self._lock = threading.RLock()
        self._send_lock = threading.Lock()
        self._pending: dict[int, Call] = {}
        self._generation = 0
        self._closed = False
        self._proc: subprocess.Popen[bytes] | None = None
        self._conn: Connection | None = None
        self._stop = threading.Event()
        if not read_only:
            recover_interrupted_swap(path)
            path.mkdir(parents=True, exist_ok=True)
        with self._lock:
            self._start_locked()
        threading.Thread(target=self._watch, daemon=True, name="engine-watchdog").start()

    # -- process management ---------------------------------------------------------------------------------

    def _start_locked(self) -> None:
        # A plain subprocess (not multiprocessing's spawn, which re-imports the caller's __main__ module) with a
        # socket pair wrapped in multiprocessing's Connection for framing and pickling.
        parent_sock, child_sock = socket.socketpair()
        config = json.dumps({"fd": child_sock.fileno(), "path": str(self.path), "workers": self.workers,
                             "check_shapes": self.check_shapes, "ontology_graph": self.ontology_graph,
                             "read_only": self.read_only, "in_memory": self.in_memory})
        env = dict(os.environ)
        src = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH", "")) if p)
        proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module, no user input
            [sys.executable, "-c", "from beleidsgraaf.graph.engine_process import child_entry; child_entry()",
             config],
            pass_fds=(child_sock.fileno(),), env=env, stdin=subprocess.DEVNULL,
        )
        child_sock.close()
        parent_conn = Connection(parent_sock.detach())
        start_limit = START_SECONDS_IN_MEMORY if self.in_memory else START_SECONDS
        if not parent_conn.poll(start_limit):
            proc.kill()
            proc.wait()
            raise StoreError(f"the store engine did not start within {start_limit:g} s")
        try:
            _id, status, payload = parent_conn.recv()
        except (EOFError, OSError) as exc:
            proc.wait()
            raise StoreError(f"the store engine stopped while starting (exit code {proc.returncode})") from exc
        if status != "ok":
            proc.wait()
            raise error_from_payload(dict(payload))
        self._generation += 1
        self._build_id = self._read_build_id()
        self._proc, self._conn = proc, parent_conn
        threading.Thread(target=self._reader, args=(parent_conn, self._generation), daemon=True,
                         name=f"engine-reader-{self._generation}").start()
        logger.info("store engine %d started (pid %s) on %s", self._generation, proc.pid, self.path)

    @property
    def pid(self) -> int | None:
        """The process id of the current engine process."""
        return self._proc.pid if self._proc else None

    def _reader(self, conn: Connection, generation: int) -> None:
        while True:
            try:
                req_id, status, payload = conn.recv()
            except (EOFError, OSError):
                break
            with self._lock:
                call = self._pending.get(req_id) if status == "chunk" else self._pending.pop(req_id, None)
                if call is not None and status == "ok" and not call.read_only:
                    self._writes += 1
            if call is None or call.future.done():
                continue
            if status == "chunk":
                call.deadline = time.monotonic() + call.timeout  # the limit counts from the last piece
                call.pieces += 1
                if call.on_chunk is not None:
                    call.on_chunk(payload)
            elif status == "ok":
                _settle(call.future, payload)
            else:
                _settle_error(call.future, error_from_payload(payload))
        with self._lock:
            if generation == self._generation and not self._closed:
                logger.error("the store engine process stopped unexpectedly; restarting it")
                self._kill_locked()

    def _watch(self) -> None:
        """Stop every request that passed its time limit: its engine process is killed and restarted."""
        while not self._stop.wait(WATCH_INTERVAL):
            now = time.monotonic()
            with self._lock:
                expired = [c for c in self._pending.values() if c.sent and now >= c.deadline]
                for call in expired:
                    self._pending.pop(call.id, None)
                if any(c.generation == self._generation for c in expired):
                    logger.warning("request(s) %s passed the time limit; restarting the engine",
                                   ", ".join(str(c.id) for c in expired))
                    self._kill_locked()
            for call in expired:
                if not call.future.done():
                    _settle_error(call.future, QueryTimeout(
                        f"the query was stopped after {call.timeout:g} s (limit BELEIDSGRAAF_QUERY_TIMEOUT); make "
                        f"it more selective or add LIMIT / de query is na {call.timeout:g} s gestopt"))

    def _kill_locked(self) -> None:
        """Kill the engine process now (the evaluation stops) and start a new one in the background.

        Requests that arrive meanwhile wait in ``_pending`` and are sent when the new engine is up; the reads that
        were in flight are sent once more, the writes that were in flight fail (they were atomic).
        """
        proc, conn = self._proc, self._conn
        self._proc, self._conn = None, None
        self._generation += 1  # the old reader thread must not react to the closed pipe
        if proc is not None:
            proc.kill()
            proc.wait()
        if conn is not None:
            conn.close()
        self.restarts += 1
        threading.Thread(target=self._restart, daemon=True, name="engine-restart").start()

    def _restart(self) -> None:
        with self._lock:
            if self._closed or self._conn is not None:
                return
            try:
                self._start_locked()
            except BeleidsgraafError as exc:
                logger.error("the store engine could not be restarted: %s", exc)
                for call in list(self._pending.values()):
                    self._pending.pop(call.id, None)
                    _settle_error(call.future, StoreError(f"the store engine could not be restarted: {exc}"))
                return
            for call in list(self._pending.values()):
                if not call.sent:
                    self._send_locked(call)
                elif call.read_only and not call.retried and not call.pieces:  # a stream cannot start over
                    call.retried = True
                    self._send_locked(call)
                else:
                    self._pending.pop(call.id, None)
                    _settle_error(call.future, StoreError(
                        "the store engine was restarted while this request ran (another query passed its time "
                        "limit); a write is applied completely or not at all — check before repeating it / de "
                        "engine werd herstart terwijl dit verzoek liep"))

    def _send_locked(self, call: Call) -> None:
        """Send a call to the engine, or park it until the engine that is being restarted is up."""
        self._pending[call.id] = call
        if self._conn is None:
            call.sent = False
            return
        call.sent = True
        call.generation = self._generation
        call.deadline = time.monotonic() + call.timeout
        try:
            with self._send_lock:
                self._conn.send((call.id, call.request, call.on_chunk is not None))
        except (OSError, ValueError) as exc:
            self._pending.pop(call.id, None)
            _settle_error(call.future, StoreError(f"cannot reach the store engine: {exc}"))

    def _control(self, kind: str, call_id: int) -> None:
        """Send a flow-control message (``credit`` or ``cancel``) for a streamed answer."""
        with self._lock:
            conn = self._conn
            if conn is None or call_id not in self._pending:
                return
            try:
                with self._send_lock:
                    conn.send((kind, call_id))
            except (OSError, ValueError):
                pass

    # -- calls ------------------------------------------------------------------------------------------------

    def submit(self, request: Request, timeout: float | None = None,
               on_chunk: Callable[[bytes], None] | None = None) -> Call:
        """Send a request to the engine; the call's future gets the answer, or the error, within the time limit.

        With ``on_chunk`` (queries in a result format), a large SELECT result arrives in pieces: ``on_chunk``
        is called with each (from a background thread), and the answer's ``body`` is the last piece. The caller
        acknowledges each piece with :meth:`credit` (the engine stays at most :data:`STREAM_WINDOW` pieces
        ahead) and calls :meth:`cancel` when it does not want the rest. The time limit counts from the last piece.

        Raises:
            StoreError: the engine is closed, or a write was sent to a read-only engine.

        """
        writes = isinstance(request, UpdateRequest | GraphWrite)
        if writes and self.read_only:
            raise StoreError("the store is open read-only (several workers share it) / de store is alleen-lezen")
        limit = timeout if timeout is not None else (self.update_timeout if writes else self.query_timeout)
        call = Call(next(self._ids), request, Future(), not writes, time.monotonic() + limit, timeout=limit,
                     on_chunk=on_chunk)
        with self._lock:
            if self._closed:
                raise StoreError("the store engine is closed")
            self._send_locked(call)
        return call

    def credit(self, call: Call) -> None:
        """Tell the engine that one piece of a streamed answer was passed on."""
        self._control("credit", call.id)

    def cancel(self, call: Call) -> None:
        """Stop a streamed answer whose client is gone (the engine stops reading the result)."""
        self._control("cancel", call.id)

    def call(self, request: Request, timeout: float | None = None) -> object:
        """Send a request to the engine and wait for the answer, at most ``timeout`` seconds.

        Raises:
            QueryTimeout: the request passed its time limit; its evaluation was stopped.
            BeleidsgraafError: whatever the engine raised for the request.
            StoreError: the engine is closed or could not be reached.

        """
        return self.submit(request, timeout).future.result()

    def run_query(self, request: QueryRequest) -> QueryAnswer:
        """Evaluate a query request.

        Raises:
            QueryError: the query is malformed.
            QueryTimeout: the query passed its time limit.
            StoreError: the store could not be read.

        """
        answer = self.call(request)
        if not isinstance(answer, QueryAnswer):
            raise StoreError(f"unexpected answer {type(answer).__name__} from the store engine")
        return answer

    def select(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> list[Row]:
        """Run a SELECT query and return its rows (the GraphStore protocol).

        Raises:
            QueryError: the query is malformed or not a SELECT query.
            QueryTimeout: the query passed its time limit.

        """
        answer = self.run_query(QueryRequest(sparql, "rows", max_rows=10**9, bindings=tuple((bindings or {}).items())))
        if answer.kind != "solutions":
            raise QueryError("not a SELECT query")
        return answer.rows

    def ask(self, sparql: str, bindings: Mapping[str, Binding] | None = None) -> bool:
        """Run an ASK query (the GraphStore protocol).

        Raises:
            QueryError: the query is malformed or not an ASK query.
            QueryTimeout: the query passed its time limit.

        """
        answer = self.run_query(QueryRequest(sparql, "rows", bindings=tuple((bindings or {}).items())))
        if answer.kind != "boolean":
            raise QueryError("not an ASK query")
        return bool(answer.boolean)

    def named_graphs(self) -> list[str]:
        """The IRIs of the named graphs in the store, sorted."""
        graphs = self.call(ListGraphs())
        if not isinstance(graphs, list):
            raise StoreError("unexpected answer from the store engine")
        return [str(g) for g in graphs]

    @property
    def build_id(self) -> str:
        """The id of the build whose data the engine serves (read when its process started; ``"store"`` if none)."""
        return self._build_id

    def _read_build_id(self) -> str:
        try:
            return str(json.loads((self.path / META_FILE).read_text(encoding="utf-8")).get("build_id", "store"))
        except (OSError, ValueError):
            return "store"

    @property
    def version(self) -> str:
        """Build id plus the number of writes through this engine; changes after every write."""
        return f"{self.build_id}.{self._writes}"

    def close(self) -> None:
        """Stop the engine process (it finishes the requests it has, flushes and closes the store)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._stop.set()
            proc, conn = self._proc, self._conn
        if conn is not None:
            try:
                with self._send_lock:
                    conn.send(None)
            except (OSError, ValueError):
                pass
        if proc is not None:
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if conn is not None:
            conn.close()


class LocalEngine:
    """The engine inside the web process around an :class:`EmbeddedStore` (for tests; no time limit)."""

    def __init__(self, store: EmbeddedStore, *, check_shapes: bool = True, ontology_graph: str | None = None) -> None:
        self.store = store
        self.engine = Engine(store.raw, check_shapes=check_shapes, ontology_graph=ontology_graph)

    def call(self, request: Request, timeout: float | None = None) -> object:
        """Evaluate a request in this process (``timeout`` is ignored: an embedded query cannot be stopped).

        Raises:
            BeleidsgraafError: whatever the engine raised for the request.
            StoreError: a write on a store opened read-only.

        """
        writes = isinstance(request, UpdateRequest | GraphWrite)
        if writes and self.store.read_only:
            raise StoreError("the store is open read-only / de store is alleen-lezen")
        result = self.engine.handle(request)
        if writes:
            self.store.generation += 1
        return result


def open_engine(settings: Settings, *, read_only: bool = False) -> ProcessEngine:
    """Start the process engine on the embedded store the settings name (the default store of ``serve``).

    ``read_only`` opens the store as a reader (several worker processes can share one store that way); with
    ``BELEIDSGRAAF_STORE_IN_MEMORY`` a read-only engine serves a copy in memory.

    Raises:
        StoreError: the store cannot be opened (e.g. another process holds it).
        ConfigurationError: a copy in memory was asked for a store that is not read-only.

    """
    return ProcessEngine(
        settings.store_path,
        query_timeout=settings.query_timeout,
        update_timeout=settings.update_timeout,
        ontology_graph=f"{settings.base_iri}/graph/ontologie",
        read_only=read_only,
        in_memory=settings.store_in_memory,
    )
