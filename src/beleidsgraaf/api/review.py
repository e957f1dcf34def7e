"""The advisors' review page: accept, edit or reject the proposals of a review file, then write them.

``GET /review`` lists the review files in ``settings.review_dir`` (made by ``beleidsgraaf extract -o``);
``GET /review/{name}`` shows every proposal with its quote, position and confidence. Changing anything needs
the write token (``BELEIDSGRAAF_WRITE_TOKEN``, as ``Authorization: Bearer`` or the form field ``token``,
compared in constant time); without a configured token the page is read-only. ``POST /review/{name}`` saves
the decisions and edits; ``POST /review/{name}/schrijven`` writes the accepted proposals into the data folder
as normal records, validated first (nothing is written when validation fails). The graph itself changes only
with the next ``beleidsgraaf build``.
"""

from __future__ import annotations

import hmac
import re
from html import escape
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from beleidsgraaf.api.deps import get_settings
from beleidsgraaf.errors import InvalidParameter, NotFound, ValidationFailed
from beleidsgraaf.settings import Settings

router = APIRouter(tags=["review"])

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.ya?ml$")
_STATUS_LABEL = {"voorgesteld": "voorgesteld / proposed", "geaccepteerd": "geaccepteerd / accepted",
                 "afgewezen": "afgewezen / rejected"}
_AUTH_FIELD = "<label>token <input type=\"password\" name=\"token\" autocomplete=\"current-password\"></label>"
_CSS = """
body{font-family:system-ui,sans-serif;margin:1.5rem auto;max-width:70rem;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.4rem} .p{border:1px solid #ccc;border-radius:6px;padding:.6rem .8rem;margin:.6rem 0}
.p.geaccepteerd{border-left:6px solid #2e7d32} .p.afgewezen{border-left:6px solid #c62828;opacity:.75}
.p.voorgesteld{border-left:6px solid #f9a825} .q{background:#f6f6f6;padding:.3rem .5rem;margin:.3rem 0}
.meta{color:#555;font-size:.85rem} label{margin-right:.8rem} input[type=text]{width:22rem}
.err{color:#b71c1c} .ok{color:#1b5e20} .ro{background:#fff3e0;padding:.5rem}
"""


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    html = (f"<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>{escape(title)}</title>"
            f"<style>{_CSS}</style></head><body>{body}</body></html>")
    return HTMLResponse(html, status_code=status)


def _review_path(settings: Settings, name: str) -> Path:
    """The review file ``name`` inside the review folder.

    Raises:
        InvalidParameter: (``name``) not a plain ``*.yaml`` file name.
        NotFound: there is no such review file.
    """
    if not _NAME.match(name):
        raise InvalidParameter("name", f"{name!r} is not the name of a review file (letters, digits, . _ -, .yaml)")
    folder = settings.review_dir.resolve()
    path = (folder / name).resolve()
    if path.parent != folder or not path.is_file():
        known = sorted(p.name for p in folder.glob("*.yaml")) if folder.is_dir() else []
        raise NotFound(f"no review file {name!r} in {settings.review_dir}", suggestions=known[:5])
    return path


def _token_ok(settings: Settings, request: Request, form_token: str | None) -> bool | None:
    """True when the request carries the write token, False when it does not, None when writes are off."""
    if settings.write_token is None:
        return None
    expected = settings.write_token.get_secret_value().encode()
    header = request.headers.get("authorization", "")
    given = header[7:].strip() if header.lower().startswith("bearer ") else (form_token or "")
    return hmac.compare_digest(given.encode(), expected)


def _denied(ok: bool | None) -> HTMLResponse | None:
    if ok is None:
        return _page("alleen lezen / read-only", "<p class=\"err\">Wijzigen staat uit: er is geen schrijftoken "
                     "ingesteld (BELEIDSGRAAF_WRITE_TOKEN). / Changes are off: no write token is configured.</p>",
                     403)
    if not ok:
        return _page("geen toegang / unauthorised", "<p class=\"err\">Onjuist of ontbrekend token. / Wrong or "
                     "missing token.</p>", 401)
    return None


@router.get("/review", response_class=HTMLResponse, summary="Beoordelingsbestanden / review files")
def list_reviews(settings: Settings = Depends(get_settings)) -> HTMLResponse:  # noqa: B008
    """List the review files in the review folder."""
    from beleidsgraaf.graph.extract.review import ReviewFile

    folder = settings.review_dir
    rows = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            review = ReviewFile.load(path)
        except Exception:  # a broken file is listed as such, not fatal for the page
            rows.append(f"<li>{escape(path.name)} <span class=\"err\">(onleesbaar / unreadable)</span></li>")
            continue
        c = review.counts()
        rows.append(f"<li><a href=\"/review/{escape(path.name)}\">{escape(path.name)}</a> — "
                    f"{escape(str(review.source.get('titel', '')))}: {c['voorgesteld']} open, "
                    f"{c['geaccepteerd']} geaccepteerd / accepted, {c['afgewezen']} afgewezen / rejected</li>")
    body = ("<h1>Voorstellen beoordelen / review proposals</h1>"
            f"<p>Map / folder: <code>{escape(str(folder))}</code>. Maak een bestand met / make one with "
            "<code>beleidsgraaf extract FILE -o {map}/naam.yaml</code>.</p>"
            + (f"<ul>{''.join(rows)}</ul>" if rows else "<p>Geen beoordelingsbestanden. / No review files.</p>"))
    return _page("beoordelen / review", body)


@router.get("/review/{name}", response_class=HTMLResponse, summary="Voorstellen van één bestand / one file")
def show_review(name: str, settings: Settings = Depends(get_settings)) -> HTMLResponse:  # noqa: B008
    """Show every proposal of one review file, with forms when writes are enabled.

    Raises:
        InvalidParameter: (``name``) not a review file name.
        NotFound: there is no such review file.
    """
    return _render(settings, name, "")


def _render(settings: Settings, name: str, message: str, status: int = 200) -> HTMLResponse:
    from beleidsgraaf.graph.extract.review import EDITABLE, ReviewFile

    review = ReviewFile.load(_review_path(settings, name))
    writable = settings.write_token is not None
    text = ""
    try:
        text = review.text()
    except InvalidParameter:
        text = ""
    items = []
    for p in review.proposals():
        meta = p.meta
        pos = meta.get("positie") or [0, 0]
        context = ""
        if text and isinstance(pos, list) and len(pos) == 2:
            s, e = int(pos[0]), int(pos[1])
            context = (f"…{escape(' '.join(text[max(0, s - 80):s].split()))} <mark>"
                       f"{escape(' '.join(text[s:e].split()))}</mark> {escape(' '.join(text[e:e + 80].split()))}…")
        page = f", pagina / page {escape(str(meta['pagina']))}" if meta.get("pagina") else ""
        radios = "".join(
            f"<label><input type=\"radio\" name=\"status-{p.index}\" value=\"{s}\""
            f"{' checked' if p.status == s else ''}{'' if writable else ' disabled'}> {escape(lbl)}</label>"
            for s, lbl in _STATUS_LABEL.items())
        edits = ""
        if writable:
            fields = [f for f in EDITABLE[p.kind] if f != "citaat"]
            edits = "".join(
                f"<label>{escape(f)} <input type=\"text\" name=\"veld-{p.index}-{escape(f)}\" value=\""
                f"{escape(p.shown(f))}\"></label>"
                for f in fields)
            edits = f"<details><summary>bewerken / edit</summary>{edits}</details>"
        items.append(
            f"<div class=\"p {escape(p.status)}\" id=\"v{p.index}\"><strong>[{p.index + 1}]</strong> "
            f"{escape(p.describe())}<div class=\"q\">»{escape(str(p.item.get('citaat', '')))}«</div>"
            f"<div class=\"meta\">zekerheid / confidence {p.confidence:.2f}{page}, positie / position "
            f"{escape(str(pos))} — {escape(str(meta.get('regel', '')))}<br>{context}</div>{radios}{edits}</div>")
    c = review.counts()
    head = (f"<p><a href=\"/review\">← alle bestanden / all files</a></p><h1>{escape(name)}</h1>"
            f"<p>{escape(str(review.source.get('titel', '')))} — bron / source <code>"
            f"{escape(str(review.source.get('id', '')))}</code>: {c['voorgesteld']} open, {c['geaccepteerd']} "
            f"geaccepteerd / accepted, {c['afgewezen']} afgewezen / rejected.</p>")
    if message:
        head += message
    if not writable:
        head += ("<p class=\"ro\">Alleen lezen: stel BELEIDSGRAAF_WRITE_TOKEN in om te beoordelen. / Read-only: "
                 "set BELEIDSGRAAF_WRITE_TOKEN to review.</p>")
        return _page(name, head + "".join(items), status)
    form = (f"<form method=\"post\" action=\"/review/{escape(name)}\">{_AUTH_FIELD}"
            "<button type=\"submit\">Opslaan / save</button>" + "".join(items) +
            "<button type=\"submit\">Opslaan / save</button></form>"
            f"<form method=\"post\" action=\"/review/{escape(name)}/schrijven\">{_AUTH_FIELD}<button type=\"submit\">"
            "Geaccepteerde voorstellen als records schrijven / write accepted proposals as records</button></form>")
    return _page(name, head + form, status)


@router.post("/review/{name}", response_class=HTMLResponse, summary="Beslissingen opslaan / save decisions")
async def save_review(name: str, request: Request,
                      settings: Settings = Depends(get_settings)) -> Response:  # noqa: B008
    """Save the decisions and edits of the form (needs the write token).

    Raises:
        InvalidParameter: (``name`` or a field) a bad file name, status or edit.
        NotFound: there is no such review file.
    """
    form = await request.form()
    fields = {k: str(v) for k, v in form.items()}
    denied = _denied(_token_ok(settings, request, fields.get("token")))
    if denied is not None:
        return denied

    def work() -> None:
        from beleidsgraaf.graph.extract.review import STATUSES, ReviewFile

        review = ReviewFile.load(_review_path(settings, name))
        for p in review.proposals():
            for key, value in fields.items():
                prefix = f"veld-{p.index}-"
                if key.startswith(prefix):
                    field = key[len(prefix):]
                    if value.strip() != p.shown(field):
                        p.edit(field, value)
            status = fields.get(f"status-{p.index}")
            if status is not None:
                if status not in STATUSES:
                    raise InvalidParameter(f"status-{p.index}", f"{status!r} is not one of {', '.join(STATUSES)}")
                p.status = status
        review.save()

    await run_in_threadpool(work)
    return RedirectResponse(f"/review/{name}", status_code=303)


@router.post("/review/{name}/schrijven", response_class=HTMLResponse,
             summary="Geaccepteerde voorstellen schrijven / write accepted proposals")
async def write_review(name: str, request: Request,
                       settings: Settings = Depends(get_settings)) -> Response:  # noqa: B008
    """Write the accepted proposals into the data folder as validated records (needs the write token).

    Raises:
        InvalidParameter: (``name``) a bad file name; the source document's record is not accepted.
        NotFound: there is no such review file.
    """
    form = await request.form()
    denied = _denied(_token_ok(settings, request, str(form.get("token") or "")))
    if denied is not None:
        return denied

    def work() -> HTMLResponse:
        from beleidsgraaf.graph.extract.review import ReviewFile, write_accepted

        review = ReviewFile.load(_review_path(settings, name))
        try:
            result = write_accepted(review, settings.data_dir, settings.base_iri)
        except ValidationFailed as exc:
            problems = "".join(f"<li>{escape(str(p))}</li>" for p in exc.problems)
            msg = (f"<div class=\"err\"><p>Niets geschreven: {len(exc.problems)} probleem/problemen. / Nothing "
                   f"written: {len(exc.problems)} problem(s).</p><ul>{problems}</ul></div>")
            return _render(settings, name, msg, 422)
        skipped = "".join(f"<li>{escape(s)}</li>" for s in result.skipped)
        files = "".join(f"<li><code>{escape(str(f))}</code></li>" for f in result.files)
        msg = (f"<div class=\"ok\"><p>Geschreven en gevalideerd / written and validated: {result.records} records, "
               f"{result.statements} beweringen / statements. Volgende stap / next: <code>beleidsgraaf build</code>."
               f"</p><ul>{files}</ul></div>" + (f"<p>Overgeslagen / skipped:</p><ul>{skipped}</ul>" if skipped else ""))
        return _render(settings, name, msg)

    return await run_in_threadpool(work)
