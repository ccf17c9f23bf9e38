"""The sales table: browse, filter, add, edit in place, delete with undo, export."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response as BaseResponse

from autosales.downloads import attachment
from autosales.ingest.export import sales_to_csv, sales_to_xlsx, template_csv
from autosales.models import Sale, get_owned_or_404
from autosales.sales import bp, entry, queries
from autosales.sales.filters import parse_filter
from autosales.sales.forms import SaleForm
from autosales.sales.widgets import sale_input_attributes

BREADCRUMBS = [("Dashboard", "/dashboard"), ("Sales", None)]


bp.add_app_template_global(sale_input_attributes)


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


@bp.get("/")
@login_required
def index() -> str | Response:
    sales_filter = parse_filter(request.args)
    page = queries.sales_page(sales_filter)
    context = {"page": page, "filter": sales_filter}
    if is_htmx() and request.headers.get("HX-Target") == "sales-table":
        fragment = render_template("sales/_table.html", **context)
        # Push the tidy URL (no empty fields) so bookmarks and back/forward show this view.
        clean_url = url_for("sales.index", **sales_filter.query_args())
        return Response(fragment, headers={"HX-Push-Url": clean_url})
    return render_template(
        "sales/index.html",
        form=SaleForm(),
        makes=queries.distinct_values("make"),
        regions=queries.distinct_values("region"),
        breadcrumbs=BREADCRUMBS,
        **context,
    )


@bp.post("/")
@login_required
def create() -> str | BaseResponse | tuple[str, int, dict[str, str]]:
    form = SaleForm()
    if not form.validate():
        if not is_htmx():
            return render_template("sales/new.html", form=form, breadcrumbs=BREADCRUMBS), 422, {}
        headers = {"HX-Retarget": "#add-sale", "HX-Reswap": "outerHTML"}
        return render_template("sales/_add_form.html", form=form), 200, headers
    sale = entry.create_sale(form.sale_values())
    if not is_htmx():
        flash("Sale added.", "success")
        return redirect(url_for("sales.index"), code=303)
    return render_template("sales/_created.html", sale=sale, form=SaleForm(formdata=None))


@bp.get("/new")
@login_required
def new() -> str:
    return render_template("sales/new.html", form=SaleForm(), breadcrumbs=BREADCRUMBS)


@bp.post("/validate/<field>")
@login_required
def validate_field(field: str) -> str:
    """Check one field as the user types, in the context of the whole form."""
    form = SaleForm()
    if field not in form._fields or field == "csrf_token":
        abort(404)
    form.validate()
    return render_template("sales/_field_error.html", field=form[field])


@bp.get("/<int:sale_id>")
@login_required
def show(sale_id: int) -> str:
    return render_template("sales/_row.html", sale=get_owned_or_404(Sale, sale_id))


@bp.get("/<int:sale_id>/edit")
@login_required
def edit(sale_id: int) -> str:
    sale = get_owned_or_404(Sale, sale_id)
    form = SaleForm(obj=sale, allow_future=sale.sale_date > date.today())
    template = "sales/_edit_row.html" if is_htmx() else "sales/edit.html"
    return render_template(template, sale=sale, form=form, breadcrumbs=BREADCRUMBS)


@bp.post("/<int:sale_id>")
@login_required
def update(sale_id: int) -> str | BaseResponse | tuple[str, int]:
    sale = get_owned_or_404(Sale, sale_id)
    form = SaleForm()
    if not form.validate():
        template = "sales/_edit_row.html" if is_htmx() else "sales/edit.html"
        status = 200 if is_htmx() else 422
        return render_template(template, sale=sale, form=form, breadcrumbs=BREADCRUMBS), status
    entry.update_sale(sale, form.sale_values())
    if not is_htmx():
        flash("Sale saved.", "success")
        return redirect(url_for("sales.index"), code=303)
    return render_template("sales/_row.html", sale=sale, changed=True)


@bp.post("/<int:sale_id>/delete")
@login_required
def delete(sale_id: int) -> str | BaseResponse:
    sale = get_owned_or_404(Sale, sale_id)
    summary = f"{sale.sale_date} {sale.make} {sale.model}"
    token = entry.delete_sale(sale)
    if not is_htmx():
        flash(f"Sale deleted: {summary}.", "success")
        return redirect(url_for("sales.index"), code=303)
    return render_template("sales/_deleted_row.html", token=token, summary=summary)


@bp.post("/restore")
@login_required
def restore() -> str | tuple[str, int]:
    try:
        sale = entry.restore_sale(request.form.get("token", ""))
    except entry.UndoExpiredError as error:
        return render_template("sales/_message_row.html", message=str(error)), 200
    return render_template("sales/_row.html", sale=sale, changed=True)


@bp.get("/suggest/<field>")
@login_required
def suggest(field: str) -> str:
    """Give <option>s for a datalist: the user's own values that start with what was typed."""
    if field == "search":
        pairs = queries.search_suggestions(request.args.get("q", "").strip())
        return render_template("sales/_options.html", values=[value for _kind, value in pairs])
    if field not in queries.SUGGESTABLE:
        abort(404)
    values = queries.distinct_values(
        field, prefix=request.args.get(field, "").strip(), make=request.args.get("make", "")
    )
    return render_template("sales/_options.html", values=values)


@bp.get("/export.<fmt>")
@login_required
def export(fmt: str) -> Response:
    if fmt not in ("csv", "xlsx"):
        abort(404)
    frame = queries.filtered_frame(parse_filter(request.args))
    stamp = date.today().isoformat()
    if fmt == "csv":
        return attachment(sales_to_csv(frame), f"sales-{stamp}.csv", "text/csv; charset=utf-8")
    xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return attachment(sales_to_xlsx(frame), f"sales-{stamp}.xlsx", xlsx_type)


@bp.get("/template.csv")
def template() -> Response:
    return attachment(template_csv(), "auto-sales-template.csv", "text/csv; charset=utf-8")
