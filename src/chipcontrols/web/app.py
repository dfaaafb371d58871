"""The web UI: one page per public function, each with a link to its JSON twin.

It holds no logic: pages call chipcontrols.check / chips / timeline / rules and the policy lab,
and render what they return. It keeps no state and writes nothing, so it needs no API key; the
ledger's data stay behind the keyed HTTP API (`chipcontrols serve`).
"""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path

import yaml
from fastapi import FastAPI, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates

import chipcontrols
from chipcontrols.rules import explain
from chipcontrols.errors import ChipControlsError, InputError
from chipcontrols.rules.pack import default_pack

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
EXAMPLE_REFORM = Path(chipcontrols.__file__).parent / "policy" / "examples" / "h20_rule.yaml"


def _blank(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def _tristate(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def _chart(render, result: dict) -> str | None:
    """A chart as a data: URL, or None when matplotlib (the 'plot' extra) is not installed."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "chart.png"
        render(result, path)
        return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode()


def create_web_app() -> FastAPI:
    app = FastAPI(title="chipcontrols web", docs_url=None, redoc_url=None, openapi_url=None)

    def page(request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
        context.setdefault("error", None)
        context["pack"] = default_pack().info
        return TEMPLATES.TemplateResponse(request, template, context, status_code=status_code)

    def error_page(request: Request, template: str, exc: ChipControlsError, **context) -> HTMLResponse:
        return page(request, template, status_code=400, error=exc, **context)

    @app.get("/", response_class=HTMLResponse)
    def check_page(request: Request, chip: str | None = Query(None), to: str | None = Query(None),
                   date: str | None = Query(None), quantity: str = Query("1"), exporter: str | None = Query(None),
                   ship_from: str | None = Query(None), end_user_hq: str | None = Query(None),
                   ultimate_parent_hq: str | None = Query(None), listed_owner: str | None = Query(None),
                   json: bool = Query(False)):
        form = {"chip": chip or "", "to": to or "", "date": date or "", "quantity": quantity, "exporter": exporter or "",
                "ship_from": ship_from or "", "end_user_hq": end_user_hq or "",
                "ultimate_parent_hq": ultimate_parent_hq or "", "listed_owner": listed_owner or ""}
        if not chip:
            return page(request, "check.html", form=form, result=None)
        try:
            result = chipcontrols.check(chip=chip.strip(), to=_blank(to), date=_blank(date), quantity=quantity.strip(),
                                        exporter=_blank(exporter), ship_from=_blank(ship_from),
                                        end_user_hq=_blank(end_user_hq), ultimate_parent_hq=_blank(ultimate_parent_hq),
                                        owned_by_listed_party=_tristate(listed_owner))
        except ChipControlsError as exc:
            if json:
                return JSONResponse(exc.to_dict(), status_code=400)
            return error_page(request, "check.html", exc, form=form, result=None)
        if json:
            return JSONResponse(result)
        return page(request, "check.html", form=form, result=result, why=explain.why(result))

    @app.get("/chips", response_class=HTMLResponse)
    def chips_page(request: Request, date: str | None = Query(None), vendor: str | None = Query(None)):
        try:
            rows = chipcontrols.chips(_blank(date), vendor=_blank(vendor))
        except ChipControlsError as exc:
            return error_page(request, "chips.html", exc, rows=[], date=date, vendor=vendor)
        return page(request, "chips.html", rows=rows, date=date or "", vendor=vendor or "")

    @app.get("/timeline", response_class=HTMLResponse)
    def timeline_page(request: Request):
        return page(request, "timeline.html", rows=chipcontrols.timeline())

    @app.get("/rules", response_class=HTMLResponse)
    def rules_page(request: Request, date: str | None = Query(None)):
        try:
            result = chipcontrols.rules(_blank(date))
        except ChipControlsError as exc:
            return error_page(request, "rules.html", exc, result=None, date=date)
        return page(request, "rules.html", result=result, date=date or "")

    @app.get("/loopholes", response_class=HTMLResponse)
    def loopholes_page(request: Request, date: str | None = Query(None), destination: str = Query("CN")):  # in code: the view's default destination, an input default
        from chipcontrols.policy import loopholes
        from chipcontrols.policy.charts import frontier_chart

        if not date:
            return page(request, "loopholes.html", result=None, date="", destination=destination, chart=None)
        try:
            result = loopholes(date=date.strip(), destination=destination.strip())
        except ChipControlsError as exc:
            return error_page(request, "loopholes.html", exc, result=None, date=date, destination=destination, chart=None)
        return page(request, "loopholes.html", result=result, date=date, destination=destination,
                    chart=_chart(frontier_chart, result))

    @app.get("/whatif", response_class=HTMLResponse)
    def whatif_form(request: Request):
        return page(request, "whatif.html", reform_text=EXAMPLE_REFORM.read_text(encoding="utf-8"), date="", result=None)

    @app.post("/whatif", response_class=HTMLResponse)
    def whatif_page(request: Request, reform_text: str = Form(..., max_length=100_000), date: str = Form("")):
        from chipcontrols.policy import whatif

        try:
            try:
                reform = yaml.safe_load(reform_text)
            except yaml.YAMLError as exc:
                raise InputError(f"The reform is not valid YAML: {exc}", hint="Fix the YAML syntax.") from None
            result = whatif(reform, date=_blank(date))
        except ChipControlsError as exc:
            return error_page(request, "whatif.html", exc, reform_text=reform_text, date=date, result=None)
        return page(request, "whatif.html", reform_text=reform_text, date=date, result=result)

    @app.get("/stock", response_class=HTMLResponse)
    def stock_page(request: Request, country: str = Query("CN"), life: str = Query("5")):  # in code: the view's default country, an input default
        from chipcontrols.policy import BUNDLED_SCENARIO, stock
        from chipcontrols.policy.charts import stock_chart

        try:
            if not life.strip().isdigit():
                raise InputError(f"Chip life '{life}' is not a whole number of years.", hint="e.g. 5")
            result = stock(BUNDLED_SCENARIO, country=country.strip().upper(), life_years=int(life))
        except ChipControlsError as exc:
            return error_page(request, "stock.html", exc, result=None, country=country, life=life, chart=None)
        return page(request, "stock.html", result=result, country=country, life=life, chart=_chart(stock_chart, result))

    return app
