"""Forecast benchmark: our automatic choice against seasonal naive and statsforecast's AutoETS,
AutoARIMA and AutoTheta on the 20 biggest makes of Norwegian new-car registrations.

Protocol: monthly units per make (missing months are 0), three rolling origins 12 months apart
covering the last 36 months, 12-month horizon. MASE = MAE / in-sample seasonal-naive MAE of the
training window. Coverage is the share of actuals inside the 80% interval. Then the ratios of our
mean MASE and seconds per series to each statsforecast model's, and the time run_analysis takes on
the demo account's data (four years of generated sales, about 29,000 rows).

`--development` runs the same comparison on the months before the first benchmark origin only
(five origins 6 months apart, leaving out makes with no sales in half of those months, whose
MASE scale is near zero). Global settings of the forecaster are tuned there, so the benchmark
months never influence them. `--other-makes` is a second development set: the makes outside the
benchmark's 20 that sold in nearly every one of the last 48 months (20 units a month or more on
average), at the benchmark's own origins.

    .venv/bin/python benchmarks/forecast_benchmark.py [--development | --other-makes] [data.csv]

statsforecast is a benchmark-only extra (pip install "statsforecast>=2.1,<3"). Its 2.1 releases
ask for pandas below 3, so pip downgrades pandas where it is installed: put it in a venv of its
own (python3 -m venv /tmp/bench && /tmp/bench/bin/pip install -e . "statsforecast>=2.1,<3"),
since Auto-sales runs on pandas 2.2 and later.
"""

from __future__ import annotations

import argparse
import logging
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from autosales.analytics.accuracy import mase_scale
from autosales.analytics.forecast import forecast_series
from autosales.analytics.report import run_analysis
from autosales.demo_data import generate_demo_sales

DEFAULT_DATA = Path("/work/shared/data/norway_new_car_sales_by_make.csv")
MAKES, ORIGINS, HORIZON, SEASON = 20, 3, 12, 12
DEVELOPMENT_ORIGINS, DEVELOPMENT_STEP = 5, 6
OTHER_MAKES_MONTHS = 48

Method = Callable[[pd.Series], tuple[np.ndarray, np.ndarray, np.ndarray]]


def load_series(path: Path, makes: int = MAKES) -> dict[str, pd.Series]:
    """Monthly units of the `makes` biggest makes ("NA" is a make; duplicates are summed)."""
    frame = pd.read_csv(path, keep_default_na=False)
    frame["period"] = pd.to_datetime({"year": frame["Year"], "month": frame["Month"], "day": 1})
    index = pd.date_range(frame["period"].min(), frame["period"].max(), freq="MS")
    top = frame.groupby("Make")["Quantity"].sum().nlargest(makes).index
    return {
        make: frame[frame["Make"] == make]
        .groupby("period")["Quantity"]
        .sum()
        .reindex(index, fill_value=0)
        .astype(float)
        .asfreq("MS")
        for make in top
    }


def development_series(series: dict[str, pd.Series]) -> dict[str, pd.Series]:
    """The months before the first benchmark origin, for makes that sold in most of them."""
    cut = {name: values.iloc[: len(values) - HORIZON * ORIGINS] for name, values in series.items()}
    return {name: values for name, values in cut.items() if (values > 0).mean() >= 0.5}


def other_makes_series(path: Path) -> dict[str, pd.Series]:
    """Makes outside the benchmark that sold in 90% of the last 48 months, 20+ units a month."""
    every = load_series(path, makes=10_000)  # biggest first: the benchmark's makes lead
    recent = OTHER_MAKES_MONTHS
    return {
        make: values
        for make, values in list(every.items())[MAKES:]
        if (values.iloc[-recent:] > 0).mean() >= 0.9 and values.iloc[-recent:].mean() >= 20
    }


def ours(train: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Our automatic choice (what run_analysis uses for the total and per-make forecasts)."""
    result = forecast_series(train, SEASON, HORIZON, target="units")
    return np.array(result.mean), np.array(result.lower_80), np.array(result.upper_80)


def seasonal_naive(train: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Seasonal naive with the textbook normal interval sd * sqrt(k + 1)."""
    values = train.to_numpy()
    mean = np.array([values[-SEASON + step % SEASON] for step in range(HORIZON)])
    sd = np.std(values[SEASON:] - values[:-SEASON])
    width = 1.2816 * sd * np.sqrt(np.arange(HORIZON) // SEASON + 1)
    return mean, mean - width, mean + width


def statsforecast_methods() -> dict[str, Method]:
    """AutoETS, AutoARIMA and AutoTheta, or nothing when statsforecast is missing."""
    try:
        from statsforecast.models import AutoARIMA, AutoETS, AutoTheta
    except ImportError:
        print(
            "statsforecast skipped: it is not installed, so only our figures are shown "
            "(pip install 'statsforecast>=2.1,<3')."
        )
        return {}

    def wrap(factory: Callable[[], object]) -> Method:
        def run(train: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            output = factory().forecast(y=train.to_numpy(), h=HORIZON, level=[80])
            return output["mean"], output["lo-80"], output["hi-80"]

        return run

    return {
        "AutoETS": wrap(lambda: AutoETS(season_length=SEASON)),
        "AutoARIMA": wrap(lambda: AutoARIMA(season_length=SEASON)),
        "AutoTheta": wrap(lambda: AutoTheta(season_length=SEASON)),
    }


def evaluate(
    method: Method, series: dict[str, pd.Series], origins: int = ORIGINS, step: int = HORIZON
) -> dict[str, float]:
    """Mean and median MASE, mean RMSE, 80% coverage and seconds per series over all makes, from
    `origins` origins `step` months apart, the last one HORIZON months before the end."""
    mases, rmses, hits, began = [], [], [], time.perf_counter()
    for values in series.values():
        size = len(values)
        per_origin = []
        for index in range(origins):
            origin = size - HORIZON - step * (origins - 1 - index)
            train, test = values.iloc[:origin], values.iloc[origin : origin + HORIZON].to_numpy()
            mean, lower, upper = method(train)
            scale = mase_scale(train.to_numpy(), SEASON) or np.nan
            per_origin.append(np.mean(np.abs(test - mean)) / scale)
            rmses.append(float(np.sqrt(np.mean((test - mean) ** 2))))
            hits.extend((test >= lower) & (test <= upper))
        mases.append(float(np.mean(per_origin)))
    return {
        "mean MASE": float(np.mean(mases)),
        "median MASE": float(np.median(mases)),
        "mean RMSE": float(np.mean(rmses)),
        "80% coverage": float(np.mean(hits)),
        "s/series": (time.perf_counter() - began) / len(series),
    }


def series_months(series: dict[str, pd.Series]) -> str:
    """First and last month of the series, e.g. "2007-01 to 2014-01"."""
    index = next(iter(series.values())).index
    return f"{index[0]:%Y-%m} to {index[-1]:%Y-%m}"


def time_demo_analysis() -> tuple[int, float]:
    """Rows of the demo account's four years of sales and seconds run_analysis takes on them."""
    frame = generate_demo_sales(start=date(2022, 12, 1), end=date(2026, 11, 30))
    frame["unit_price"] = frame["unit_price_cents"] / 100
    frame["revenue"] = frame["quantity"] * frame["unit_price_cents"] / 100
    began = time.perf_counter()
    run_analysis(frame)
    return len(frame), time.perf_counter() - began


def print_ratios(rows: dict[str, dict[str, float]], ours_name: str, others: list[str]) -> None:
    """Our mean MASE and seconds per series divided by each other method's."""
    ours_row = rows[ours_name]
    for name in others:
        accuracy = ours_row["mean MASE"] / rows[name]["mean MASE"]
        speed = ours_row["s/series"] / max(rows[name]["s/series"], 1e-9)
        print(f"{ours_name} / {name}: mean MASE x{accuracy:.3f}, s/series x{speed:.2f}")


def main() -> None:
    """Run every method and print one table, the ratios to statsforecast and the demo timing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    sets = parser.add_mutually_exclusive_group()
    sets.add_argument(
        "--development",
        action="store_true",
        help="compare on the months before the first benchmark origin only",
    )
    sets.add_argument(
        "--other-makes",
        action="store_true",
        help="compare on the makes outside the benchmark, at its origins",
    )
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    series = load_series(arguments.data)
    origins, step = ORIGINS, HORIZON
    if arguments.development:
        series, origins, step = development_series(series), DEVELOPMENT_ORIGINS, DEVELOPMENT_STEP
    elif arguments.other_makes:
        series = other_makes_series(arguments.data)
    others = statsforecast_methods()
    methods: dict[str, Method] = {
        "ours (automatic)": ours,
        "seasonal naive": seasonal_naive,
        **others,
    }
    label = " (development)" if arguments.development else ""
    label = " (other makes)" if arguments.other_makes else label
    window = series_months(series) + label
    print(
        f"{len(series)} makes, {window}, {origins} origins {step} months apart x {HORIZON} months"
    )
    print(f"{'method':<18}{'mean MASE':>10}{'median':>8}{'RMSE':>9}{'cov80':>7}{'s/series':>10}")
    rows = {}
    for name, method in methods.items():
        row = rows[name] = evaluate(method, series, origins, step)
        print(
            f"{name:<18}{row['mean MASE']:>10.3f}{row['median MASE']:>8.3f}"
            f"{row['mean RMSE']:>9.1f}{row['80% coverage']:>7.2f}{row['s/series']:>10.2f}",
            flush=True,
        )
    print_ratios(rows, "ours (automatic)", list(others))
    rows_count, seconds = time_demo_analysis()
    print(f"run_analysis on the demo account ({rows_count:,} rows, 4 years): {seconds:.1f} s")


if __name__ == "__main__":
    main()
