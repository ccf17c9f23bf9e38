"""Synthetic sales history of a small dealer group, so a first run shows a full product.

`generate_demo_sales` gives one row per vehicle sold, in the canonical sale fields that the
database layer stores:

==================  ===============  ===================================================
column              dtype            meaning
==================  ===============  ===================================================
sale_date           datetime64[ns]   day of the sale, midnight, no time zone
order_ref           str              "SO2024-00123"; shared by the lines of one order
customer            str              a private buyer ("Anna K. Berg") or a business
                                     ("Harbour Couriers Ltd") buying a fleet
region              str              North, South, East, West or Central
salesperson         str              who closed the order; staff belong to one region
make, model         str              12 makes with 2 to 5 models each
body_style          str              Sedan, SUV, Hatchback, Pickup, Van, Coupe or Wagon
colour              str              paint colour; a fleet order is one colour
transmission        str              Automatic or Manual
vin                 str              17-character VIN-like string, unique per line
quantity            int64            always 1: a line is one vehicle with its own VIN
unit_price_cents    int64            price in cents; Decimal(cents).scaleb(-2) is exact
unit_cost_cents     int64            dealer's cost in cents, below the price
stocked_on          datetime64[ns]   day the vehicle entered stock, 5-150 days earlier
==================  ===============  ===================================================

Money is held as integer cents so that sums are exact and generation stays vectorised; the
database layer turns it into Decimal. Rows are sorted by sale date and order reference.

The model behind the numbers: each day, region and model has a Poisson rate of retail orders,

    rate = base * weight(region, make, model) * trend(make, t) * season(body, day of year)
           * weekday * launch ramp * anomaly factor,

where the trend is log-linear with a change of slope at mid-period (growth then flattening for
most makes, Nissan declining, Tesla booming then levelling off) and one model, the Hyundai
Ioniq 5, is launched 40% into the period and ramps up. Fleet orders of 2-8 vehicles come from
business customers on weekdays. Dealerships close on 1 January and 25-26 December. Prices are
log-normal around a base price per model, rise 3% a year and drop as a vehicle ages in stock
(0.04% a day); margins are 5-15% depending on the make, thinner on fleets and aged stock. Retail
customers return at least 270 days after a purchase, more often if they have bought often, so
recency/frequency/value segmentation finds structure. Three anomalies are planted; their dates
depend on the seed and are listed by `demo_anomalies`.
"""

from __future__ import annotations

import datetime
import functools
import logging
import time
from dataclasses import dataclass
from typing import TypedDict

import numpy as np
import pandas as pd

logger = logging.getLogger(__name__)

DEMO_COLUMNS = (
    "sale_date",
    "order_ref",
    "customer",
    "region",
    "salesperson",
    "make",
    "model",
    "body_style",
    "colour",
    "transmission",
    "vin",
    "quantity",
    "unit_price_cents",
    "unit_cost_cents",
    "stocked_on",
)
_TEXT_COLUMNS = tuple(
    column
    for column in DEMO_COLUMNS
    if column not in ("sale_date", "stocked_on", "quantity", "unit_price_cents", "unit_cost_cents")
)
REGIONS = ("North", "South", "East", "West", "Central")
BODY_STYLES = ("Sedan", "SUV", "Hatchback", "Pickup", "Van", "Coupe", "Wagon")
COLOURS = ("White", "Black", "Grey", "Silver", "Blue", "Red", "Green", "Orange")
LAUNCHED_MODEL = ("Hyundai", "Ioniq 5")
MAX_SPAN_DAYS = 10 * 366

BASE_DAILY_ORDERS = 16.0  # retail orders a day across the group at the start, before season
FLEET_DAILY_ORDERS = 0.5  # fleet orders a weekday across the group at the start
FLEET_GROWTH = 0.06  # log growth a year of fleet business
PRICE_INFLATION = 0.03
RETURN_SHARE = 0.3  # share of retail orders placed by an earlier customer, once possible
MIN_REPEAT_GAP_DAYS = 270
LAUNCH_FRACTION = 0.4
RENOVATION_FACTOR = 0.1
PROMOTION_FACTOR = 10.0
BUSINESSES_PER_REGION = 12
_CLOSED_DAYS = ((1, 1), (12, 25), (12, 26))


class DemoAnomaly(TypedDict):
    """An event planted in the demo data; `start` and `end` are inclusive."""

    kind: str
    start: datetime.date
    end: datetime.date
    make: str | None
    region: str | None
    description: str


@dataclass(frozen=True)
class _Make:
    name: str
    share: float
    growth_before: float  # log growth a year before mid-period
    growth_after: float  # and after it
    margin: float
    fleet_weight: float
    wmi: str  # world manufacturer identifier, the first three VIN characters
    stock_days_median: float


@dataclass(frozen=True)
class _Model:
    make: str
    name: str
    body_style: str
    base_price: float  # euro at the start of the period
    popularity: float  # within its make
    manual_share: float


_MAKES = (
    _Make("Toyota", 1.4, 0.10, 0.02, 0.09, 2.0, "JTD", 28),
    _Make("Volkswagen", 1.5, 0.08, 0.00, 0.10, 2.5, "WVW", 30),
    _Make("Ford", 1.2, 0.05, 0.03, 0.08, 3.0, "WF0", 32),
    _Make("Honda", 0.6, 0.03, 0.03, 0.11, 0.2, "SHH", 30),
    _Make("BMW", 0.7, 0.06, 0.06, 0.14, 0.6, "WBA", 35),
    _Make("Mercedes-Benz", 0.7, 0.05, 0.04, 0.15, 1.5, "WDD", 35),
    _Make("Hyundai", 0.9, 0.12, 0.04, 0.09, 0.5, "KMH", 28),
    _Make("Kia", 0.9, 0.14, 0.05, 0.09, 0.5, "KNA", 28),
    _Make("Nissan", 0.8, -0.10, -0.16, 0.07, 0.7, "SJN", 40),
    _Make("Skoda", 1.0, 0.07, 0.05, 0.10, 1.5, "TMB", 30),
    _Make("Volvo", 0.6, 0.04, 0.06, 0.12, 0.6, "YV1", 32),
    _Make("Tesla", 0.5, 0.40, 0.05, 0.055, 0.6, "5YJ", 12),
)

_MODELS = (
    _Model("Toyota", "Yaris", "Hatchback", 20_500, 0.30, 0.35),
    _Model("Toyota", "Corolla", "Sedan", 27_500, 0.30, 0.25),
    _Model("Toyota", "RAV4", "SUV", 37_500, 0.25, 0.10),
    _Model("Toyota", "Hilux", "Pickup", 41_000, 0.10, 0.40),
    _Model("Toyota", "Proace", "Van", 38_000, 0.05, 0.45),
    _Model("Volkswagen", "Polo", "Hatchback", 21_000, 0.30, 0.45),
    _Model("Volkswagen", "Golf", "Hatchback", 30_000, 0.35, 0.35),
    _Model("Volkswagen", "Passat", "Wagon", 41_000, 0.15, 0.20),
    _Model("Volkswagen", "Tiguan", "SUV", 39_000, 0.15, 0.15),
    _Model("Volkswagen", "Transporter", "Van", 46_000, 0.05, 0.40),
    _Model("Ford", "Focus", "Hatchback", 25_500, 0.35, 0.40),
    _Model("Ford", "Kuga", "SUV", 34_500, 0.30, 0.20),
    _Model("Ford", "Ranger", "Pickup", 43_000, 0.15, 0.45),
    _Model("Ford", "Transit", "Van", 44_000, 0.12, 0.50),
    _Model("Ford", "Mustang", "Coupe", 56_000, 0.08, 0.25),
    _Model("Honda", "Jazz", "Hatchback", 22_000, 0.35, 0.20),
    _Model("Honda", "Civic", "Hatchback", 30_000, 0.35, 0.40),
    _Model("Honda", "CR-V", "SUV", 41_000, 0.30, 0.10),
    _Model("BMW", "3 Series", "Sedan", 47_000, 0.35, 0.08),
    _Model("BMW", "5 Series", "Sedan", 61_000, 0.20, 0.05),
    _Model("BMW", "X3", "SUV", 56_000, 0.30, 0.03),
    _Model("BMW", "4 Series", "Coupe", 52_000, 0.15, 0.10),
    _Model("Mercedes-Benz", "A-Class", "Hatchback", 36_000, 0.30, 0.10),
    _Model("Mercedes-Benz", "C-Class", "Sedan", 49_000, 0.30, 0.05),
    _Model("Mercedes-Benz", "GLC", "SUV", 59_000, 0.30, 0.02),
    _Model("Mercedes-Benz", "Sprinter", "Van", 52_000, 0.10, 0.30),
    _Model("Hyundai", "i20", "Hatchback", 20_000, 0.30, 0.50),
    _Model("Hyundai", "i30", "Hatchback", 25_000, 0.30, 0.40),
    _Model("Hyundai", "Tucson", "SUV", 34_000, 0.35, 0.15),
    _Model("Hyundai", "Ioniq 5", "SUV", 47_000, 0.40, 0.00),
    _Model("Kia", "Picanto", "Hatchback", 15_000, 0.30, 0.55),
    _Model("Kia", "Ceed", "Hatchback", 25_000, 0.30, 0.40),
    _Model("Kia", "Sportage", "SUV", 34_000, 0.30, 0.15),
    _Model("Kia", "EV6", "SUV", 49_000, 0.10, 0.00),
    _Model("Nissan", "Micra", "Hatchback", 18_000, 0.30, 0.50),
    _Model("Nissan", "Qashqai", "SUV", 31_000, 0.50, 0.20),
    _Model("Nissan", "Navara", "Pickup", 39_000, 0.20, 0.45),
    _Model("Skoda", "Fabia", "Hatchback", 19_000, 0.30, 0.55),
    _Model("Skoda", "Octavia", "Wagon", 29_000, 0.45, 0.40),
    _Model("Skoda", "Kodiaq", "SUV", 40_000, 0.25, 0.15),
    _Model("Volvo", "XC40", "SUV", 41_000, 0.35, 0.00),
    _Model("Volvo", "XC60", "SUV", 53_000, 0.35, 0.00),
    _Model("Volvo", "V60", "Wagon", 47_000, 0.20, 0.05),
    _Model("Volvo", "S60", "Sedan", 46_000, 0.10, 0.05),
    _Model("Tesla", "Model 3", "Sedan", 45_000, 0.50, 0.00),
    _Model("Tesla", "Model Y", "SUV", 50_000, 0.50, 0.00),
)

_REGION_WEIGHTS = (0.8, 1.2, 0.9, 1.0, 1.3)
_REGION_MANUAL_FACTORS = (0.3, 1.3, 1.2, 1.0, 0.8)  # North buyers rarely drive manual
_REGION_PREFERENCES = {
    "North": {"Volvo": 2.5, "Skoda": 1.2, "Toyota": 1.2, "Tesla": 0.6},
    "South": {"Kia": 1.4, "Hyundai": 1.4, "Mercedes-Benz": 1.3, "Volvo": 0.5},
    "East": {"Skoda": 1.8, "Ford": 1.4, "Nissan": 1.3, "BMW": 0.6, "Tesla": 0.5},
    "West": {"Toyota": 1.5, "Honda": 1.6, "Volkswagen": 1.2},
    "Central": {"Tesla": 2.8, "BMW": 1.6, "Mercedes-Benz": 1.5, "Volvo": 0.8},
}
# Units relative to the yearly mean, at mid-month, January first: spring peak, December dip.
_SEASON_BY_MONTH = (0.85, 0.9, 1.2, 1.25, 1.2, 1.05, 0.95, 0.9, 1.05, 1.0, 0.95, 0.6)
_COUPE_SEASON_BY_MONTH = (0.6, 0.7, 0.9, 1.1, 1.4, 1.5, 1.5, 1.3, 1.0, 0.8, 0.7, 0.6)
_WEEKDAY_FACTORS = (0.95, 1.0, 1.0, 1.05, 1.15, 1.4, 0.35)  # Monday first
_FLEET_WEEKDAY_FACTORS = (1.1, 1.2, 1.2, 1.2, 1.1, 0.2, 0.0)
_FLEET_BODY_BONUS = {"Van": 4.0, "Pickup": 3.0, "Wagon": 2.0, "Sedan": 1.5, "Coupe": 0.05}
_COLOUR_WEIGHTS = (0.22, 0.20, 0.18, 0.14, 0.12, 0.09, 0.03, 0.02)
_COLOUR_WEIGHTS_BY_BODY = {
    "Coupe": (0.10, 0.18, 0.12, 0.08, 0.15, 0.25, 0.04, 0.08),
    "Van": (0.60, 0.08, 0.12, 0.15, 0.03, 0.02, 0.0, 0.0),
    "Pickup": (0.30, 0.18, 0.22, 0.15, 0.08, 0.05, 0.02, 0.0),
}
_FLEET_COLOUR_WEIGHTS = (0.55, 0.10, 0.15, 0.20, 0.0, 0.0, 0.0, 0.0)
_RETAIL_STAFF_WEIGHTS = (0.30, 0.25, 0.20, 0.15, 0.10)
_SALESPEOPLE = {  # the first of each region also looks after business customers
    "North": ("Astrid Lund", "Mikael Berg", "Sofia Nyström", "Henrik Dahl", "Ingrid Holm"),
    "South": ("Marco Bianchi", "Lucia Romano", "Diego Martín", "Elena Costa", "Paolo Greco"),
    "East": ("Pavel Novák", "Katarzyna Wójcik", "Tomas Horák", "Jana Dvořák", "Marek Lis"),
    "West": ("Olivia Hughes", "James Carter", "Emma Walsh", "Liam O'Brien", "Chloe Evans"),
    "Central": ("Lukas Becker", "Anna Schmidt", "Felix Wagner", "Marie Keller", "Jonas Weber"),
}
_FIRST_NAMES = (
    "Anna", "Ben", "Clara", "David", "Eva", "Finn", "Greta", "Hugo", "Ida", "Jakob", "Karin",
    "Leon", "Maja", "Nils", "Olga", "Peter", "Rita", "Simon", "Tina", "Ulf", "Vera", "Walter",
    "Zoe", "Adam", "Bianca", "Carl", "Dora", "Emil", "Frida", "Georg", "Hanna", "Ivan",
    "Julia", "Klaus", "Lena", "Martin", "Nora", "Oskar", "Paula", "Rafael", "Sara", "Thomas",
    "Ursula", "Viktor", "Wanda", "Yusuf", "Amira", "Mateo", "Alba", "Bruno", "Chiara", "Dario",
    "Elif", "Filip", "Gina", "Henrik", "Inès", "Jonas", "Kira", "Luca", "Mira", "Noah", "Petra",
    "Sven",
)  # fmt: skip
_LAST_NAMES = (
    "Berg", "Fischer", "Hansen", "Jansen", "Keller", "Lindqvist", "Meyer", "Novak", "Olsen",
    "Peters", "Quinn", "Richter", "Schulz", "Torres", "Urban", "Vogel", "Wagner", "Young",
    "Zimmer", "Andersson", "Brooks", "Costa", "Dubois", "Eriksen", "Ferrari", "Garcia",
    "Hoffmann", "Ivanova", "Jovanović", "Kowalczyk", "Lambert", "Moreau", "Nielsen", "Ortiz",
    "Petrov", "Rossi", "Silva", "Thompson", "Varga", "Walsh", "Bauer", "Clarke", "Dijkstra",
    "Engel", "Fontaine", "Gruber", "Horvat", "Ibrahim", "Jensen", "Kaya", "Larsen", "Mancini",
    "Nowak", "Okafor", "Popescu", "Reyes", "Santos", "Tanaka", "Weber", "Yilmaz", "Bergström",
    "Castillo", "De Vries", "Fernández",
)  # fmt: skip
_INITIALS = "ABCDEFGHIJKLMNOPRSTUVWXYZ"
_BUSINESS_PREFIXES = (
    "Northgate", "Riverside", "Summit", "Harbour", "Oakfield", "Greenway", "Ironbridge",
    "Lakeside", "Redstone", "Westbrook", "Silverline", "Hillcrest", "Brightwater", "Kingsway",
    "Meadowbank", "Stonehill", "Clearview", "Fairfield", "Highmoor", "Eastwood",
)  # fmt: skip
_BUSINESS_TRADES = (
    "Logistics", "Builders", "Plumbing", "Rentals", "Couriers", "Facilities", "Landscaping",
    "Electrical", "Utilities", "Care Services",
)  # fmt: skip
_VIN_ALPHABET = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"  # no I, O or Q
_VIN_YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789"  # 30-year cycle, A = 1980 or 2010
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_VIN_LETTER_VALUES = dict(
    zip("ABCDEFGHJKLMNPRSTUVWXYZ", (1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6,
                                    7, 8, 9), strict=True)
)  # fmt: skip


@dataclass(frozen=True)
class _Catalogue:
    """The fixed tables as arrays: models are columns, makes and regions are indices."""

    make_of_model: np.ndarray
    body_of_model: np.ndarray
    base_price: np.ndarray
    manual_share: np.ndarray
    static_weight: np.ndarray  # [region, model], sums to 1
    preference: np.ndarray  # [region, make]
    fleet_model_weight: np.ndarray  # [make, model]
    launched_model: int


@dataclass(frozen=True)
class _Calendar:
    """Per-day features of the requested period."""

    start: np.datetime64
    years: np.ndarray
    weekday: np.ndarray
    day_of_year: np.ndarray
    is_open: np.ndarray
    midpoint_years: float

    @property
    def size(self) -> int:
        """Number of days in the period."""
        return self.years.size


@dataclass(frozen=True)
class _Orders:
    """One entry per order, sorted by day."""

    day: np.ndarray
    region: np.ndarray
    is_fleet: np.ndarray
    make: np.ndarray
    model: np.ndarray  # retail orders only; -1 for fleet orders
    size: np.ndarray
    spike: np.ndarray


def generate_demo_sales(*, start: datetime.date, end: datetime.date, seed: int = 7) -> pd.DataFrame:
    """Give a synthetic sales history of a dealer group from `start` to `end`, inclusive.

    One row per vehicle, columns as in `DEMO_COLUMNS` and the module docstring. The same seed
    and dates give the same frame. About 30,000 rows for four years.
    """
    _check_range(start, end)
    began = time.perf_counter()
    rng = np.random.default_rng(seed)
    catalogue = _build_catalogue()
    calendar = _build_calendar(start, end)
    anomalies = demo_anomalies(start, end, seed=seed)
    launch_day = (demo_launch_date(start, end) - start).days

    orders = _draw_orders(rng, calendar, catalogue, anomalies, launch_day)
    sales = _build_lines(rng, calendar, catalogue, orders)
    logger.info(
        "demo data: generated %d sale lines in %d orders from %s to %s (seed %d) in %.2f s",
        len(sales),
        orders.day.size,
        start,
        end,
        seed,
        time.perf_counter() - began,
    )
    return sales


def demo_anomalies(start: datetime.date, end: datetime.date, *, seed: int = 7) -> list[DemoAnomaly]:
    """List the anomalies planted by `generate_demo_sales` for the same dates and seed.

    A fleet spike (Ford, East, one Monday-to-Sunday week at 55-70% of the period), a month
    in which the West dealership closes for renovation (20-50%) and a one-day Kia promotion
    on a Saturday in every region (75-90%). Periods shorter than a year get none.
    """
    _check_range(start, end)
    if (end - start).days < 365:
        return []
    rng = np.random.default_rng([seed, 101])
    renovation_start, renovation_end = _pick_month(rng, *_window(start, end, 0.2, 0.5))
    spike_start = _pick_weekday(rng, *_window(start, end, 0.55, 0.68), weekday=0)
    promotion_day = _pick_weekday(rng, *_window(start, end, 0.75, 0.9), weekday=5)
    return [
        DemoAnomaly(
            kind="fleet_spike",
            start=spike_start,
            end=spike_start + datetime.timedelta(6),
            make="Ford",
            region="East",
            description="Fleet spike: a business in East takes delivery of Ford vans and "
            "pickups every weekday for a week, several times the usual Ford units there.",
        ),
        DemoAnomaly(
            kind="region_closure",
            start=renovation_start,
            end=renovation_end,
            make=None,
            region="West",
            description="Region collapse: the West dealership is closed for renovation for a "
            "month; a temporary lot sells about a tenth of the usual volume.",
        ),
        DemoAnomaly(
            kind="promotion",
            start=promotion_day,
            end=promotion_day,
            make="Kia",
            region=None,
            description="One-day promotion: a Kia open day with 0% finance lifts Kia sales in "
            "every region about tenfold for one Saturday.",
        ),
    ]


def demo_launch_date(start: datetime.date, end: datetime.date) -> datetime.date:
    """Give the day `LAUNCHED_MODEL` goes on sale: 40% into the period; none sell before."""
    return start + datetime.timedelta(days=round(LAUNCH_FRACTION * (end - start).days))


def _check_range(start: datetime.date, end: datetime.date) -> None:
    """Reject periods the generator cannot honour, saying how to fix the call."""
    for name, value in (("start", start), ("end", end)):
        if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
            raise TypeError(
                f"demo data: {name} must be a datetime.date, not {type(value).__name__}; "
                "pass a day such as datetime.date(2024, 1, 31)"
            )
    if start > end:
        raise ValueError(f"demo data: start {start} is after end {end}; swap them")
    if end > datetime.date.today():
        raise ValueError(f"demo data: end {end} is in the future; end today or earlier")
    if (end - start).days > MAX_SPAN_DAYS:
        raise ValueError(
            f"demo data: {start} to {end} is longer than {MAX_SPAN_DAYS} days; "
            "ask for at most ten years"
        )


def _window(
    start: datetime.date, end: datetime.date, low: float, high: float
) -> tuple[datetime.date, datetime.date]:
    """Give the days from `low` to `high` (fractions) of the way through the period."""
    span = (end - start).days
    return (
        start + datetime.timedelta(days=round(low * span)),
        start + datetime.timedelta(days=round(high * span)),
    )


def _pick_month(
    rng: np.random.Generator, first: datetime.date, last: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """Pick a whole calendar month, not December, that lies between `first` and `last`."""
    months = []
    month = first.replace(day=1)
    while month <= last:
        following = (month + datetime.timedelta(days=32)).replace(day=1)
        if month >= first and following - datetime.timedelta(1) <= last and month.month != 12:
            months.append((month, following - datetime.timedelta(1)))
        month = following
    return months[rng.integers(len(months))]


def _pick_weekday(
    rng: np.random.Generator, first: datetime.date, last: datetime.date, *, weekday: int
) -> datetime.date:
    """Pick a day of the given weekday (Monday is 0), outside December, in the window."""
    days = (first + datetime.timedelta(offset) for offset in range((last - first).days + 1))
    candidates = [day for day in days if day.weekday() == weekday and day.month != 12]
    return candidates[rng.integers(len(candidates))]


@functools.cache
def _build_catalogue() -> _Catalogue:
    """Turn the make, model and region tables into index arrays and weight matrices."""
    make_index = {make.name: index for index, make in enumerate(_MAKES)}
    make_of_model = np.array([make_index[model.make] for model in _MODELS])
    popularity = np.array([model.popularity for model in _MODELS])
    make_total = np.bincount(make_of_model, weights=popularity)
    shares = np.array([make.share for make in _MAKES])
    model_share = shares[make_of_model] * popularity / make_total[make_of_model]

    preference = np.ones((len(REGIONS), len(_MAKES)))
    for region, factors in _REGION_PREFERENCES.items():
        for make, factor in factors.items():
            preference[REGIONS.index(region), make_index[make]] = factor
    static = np.array(_REGION_WEIGHTS)[:, None] * preference[:, make_of_model] * model_share
    launched = [(model.make, model.name) for model in _MODELS].index(LAUNCHED_MODEL)
    return _Catalogue(
        make_of_model=make_of_model,
        body_of_model=np.array([BODY_STYLES.index(model.body_style) for model in _MODELS]),
        base_price=np.array([model.base_price for model in _MODELS]),
        manual_share=np.array([model.manual_share for model in _MODELS]),
        static_weight=static / static.sum(),
        preference=preference,
        fleet_model_weight=_fleet_model_weights(make_of_model, popularity, launched),
        launched_model=launched,
    )


def _fleet_model_weights(
    make_of_model: np.ndarray, popularity: np.ndarray, launched: int
) -> np.ndarray:
    """Weight each make's models for fleet buyers, who favour vans and pickups."""
    bonus = np.array([_FLEET_BODY_BONUS.get(model.body_style, 1.0) for model in _MODELS])
    weight = popularity * bonus
    weight[launched] = 0.0  # fleets do not buy a model before it is launched
    matrix = np.zeros((len(_MAKES), len(_MODELS)))
    matrix[make_of_model, np.arange(len(_MODELS))] = weight
    return matrix


def _build_calendar(start: datetime.date, end: datetime.date) -> _Calendar:
    """Give the day features of the period: elapsed years, month, weekday, holidays."""
    first = np.datetime64(start, "D")
    days = np.arange(first, np.datetime64(end, "D") + 1)
    month = days.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day_of_month = (days - days.astype("datetime64[M]")).astype(np.int64) + 1
    closed = np.zeros(days.size, dtype=bool)
    for closed_month, closed_day in _CLOSED_DAYS:
        closed |= (month == closed_month) & (day_of_month == closed_day)
    years = (days - first).astype(np.int64) / 365.25
    return _Calendar(
        start=first,
        years=years,
        weekday=(days.astype(np.int64) + 3) % 7,  # 1970-01-01 was a Thursday
        day_of_year=(days - days.astype("datetime64[Y]")).astype(np.int64),
        is_open=~closed,
        midpoint_years=float(years[-1]) / 2,
    )


def _trend_by_make(calendar: _Calendar) -> np.ndarray:
    """Give [day, make] level: log-linear with a change of slope at mid-period."""
    before = np.minimum(calendar.years, calendar.midpoint_years)[:, None]
    after = np.maximum(calendar.years - calendar.midpoint_years, 0.0)[:, None]
    growth_before = np.array([make.growth_before for make in _MAKES])
    growth_after = np.array([make.growth_after for make in _MAKES])
    return np.exp(before * growth_before + after * growth_after)


def _season_by_body(calendar: _Calendar) -> np.ndarray:
    """Give [day, body style] seasonal factor, interpolated between mid-month anchors."""
    anchors = np.arange(12) * 30.4 + 15
    general = np.interp(calendar.day_of_year, anchors, _SEASON_BY_MONTH, period=365)
    coupe = np.interp(calendar.day_of_year, anchors, _COUPE_SEASON_BY_MONTH, period=365)
    season = np.repeat(general[:, None], len(BODY_STYLES), axis=1)
    season[:, BODY_STYLES.index("Coupe")] = general * coupe
    return season


def _launch_ramp(calendar: _Calendar, catalogue: _Catalogue, launch_day: int) -> np.ndarray:
    """Give [day, model] factor: 1, except a logistic ramp from zero for the new model."""
    ramp = np.ones((calendar.size, len(_MODELS)))
    since_launch = calendar.years - calendar.years[min(launch_day, calendar.size - 1)]
    rising = 1.0 / (1.0 + np.exp(-(since_launch - 0.3) / 0.1))
    ramp[:, catalogue.launched_model] = np.where(since_launch >= 0, rising, 0.0)
    return ramp


def _retail_rates(
    calendar: _Calendar, catalogue: _Catalogue, anomalies: list[DemoAnomaly], launch_day: int
) -> np.ndarray:
    """Give the expected retail orders for each [day, region, model]."""
    per_model = (
        _trend_by_make(calendar)[:, catalogue.make_of_model]
        * _season_by_body(calendar)[:, catalogue.body_of_model]
        * _launch_ramp(calendar, catalogue, launch_day)
    )
    weekday = np.array(_WEEKDAY_FACTORS)[calendar.weekday] / np.mean(_WEEKDAY_FACTORS)
    daily = BASE_DAILY_ORDERS * weekday * calendar.is_open
    rates = daily[:, None, None] * catalogue.static_weight[None] * per_model[:, None, :]
    for anomaly in anomalies:
        first, last = _day_span(calendar, anomaly)
        regions = _region_selector(anomaly)
        if anomaly["kind"] == "region_closure":
            rates[first:last, regions, :] *= RENOVATION_FACTOR
        elif anomaly["kind"] == "promotion":
            models = catalogue.make_of_model == _make_index(anomaly["make"])
            rates[first:last, regions, models] *= PROMOTION_FACTOR
    return rates


def _fleet_rates(calendar: _Calendar, anomalies: list[DemoAnomaly]) -> np.ndarray:
    """Give the expected fleet orders for each [day, region]; closures apply here too."""
    weekday = np.array(_FLEET_WEEKDAY_FACTORS)[calendar.weekday]
    daily = FLEET_DAILY_ORDERS * weekday * calendar.is_open * np.exp(FLEET_GROWTH * calendar.years)
    regions = np.array(_REGION_WEIGHTS) / sum(_REGION_WEIGHTS)
    rates = daily[:, None] * regions[None, :]
    for anomaly in anomalies:
        if anomaly["kind"] == "region_closure":
            first, last = _day_span(calendar, anomaly)
            rates[first:last, _region_selector(anomaly)] *= RENOVATION_FACTOR
    return rates


def _day_span(calendar: _Calendar, anomaly: DemoAnomaly) -> tuple[int, int]:
    """Give the anomaly's days as a slice start and stop into the calendar."""
    first = (np.datetime64(anomaly["start"], "D") - calendar.start).astype(np.int64)
    last = (np.datetime64(anomaly["end"], "D") - calendar.start).astype(np.int64)
    return int(first), int(last) + 1


def _region_selector(anomaly: DemoAnomaly) -> slice | int:
    """Give the region index of the anomaly, or every region when it has none."""
    return slice(None) if anomaly["region"] is None else REGIONS.index(anomaly["region"])


def _make_index(make: str | None) -> int:
    """Give the index of a make by name."""
    return [candidate.name for candidate in _MAKES].index(make)


def _choose_rows(rng: np.random.Generator, weights: np.ndarray) -> np.ndarray:
    """Draw one column index per row of a [row, choice] weight matrix (inverse CDF)."""
    cumulative = np.cumsum(weights, axis=1)
    draws = rng.random(weights.shape[0]) * cumulative[:, -1]
    chosen = (cumulative <= draws[:, None]).sum(axis=1)
    return np.minimum(chosen, weights.shape[1] - 1)


def _draw_orders(
    rng: np.random.Generator,
    calendar: _Calendar,
    catalogue: _Catalogue,
    anomalies: list[DemoAnomaly],
    launch_day: int,
) -> _Orders:
    """Draw retail and fleet orders and sort them by day (ties in random order)."""
    day, region, model = _expand_counts(
        rng.poisson(_retail_rates(calendar, catalogue, anomalies, launch_day))
    )
    retail = _Orders(
        day=day,
        region=region,
        is_fleet=np.zeros(day.size, dtype=bool),
        make=catalogue.make_of_model[model],
        model=model,
        size=np.ones(day.size, dtype=np.int64),
        spike=np.zeros(day.size, dtype=bool),
    )
    fleet = _draw_fleet_orders(rng, calendar, catalogue, anomalies)
    spike = _draw_spike_orders(rng, calendar, anomalies)
    merged = {
        name: np.concatenate([getattr(part, name) for part in (retail, fleet, spike)])
        for name in _Orders.__dataclass_fields__
    }
    by_day = np.lexsort((rng.random(merged["day"].size), merged["day"]))
    return _Orders(**{name: values[by_day] for name, values in merged.items()})


def _expand_counts(counts: np.ndarray) -> tuple[np.ndarray, ...]:
    """Give, for each axis of an array of event counts, the index of every event."""
    cells = np.nonzero(counts)
    return tuple(np.repeat(axis, counts[cells]) for axis in cells)


def _draw_fleet_orders(
    rng: np.random.Generator,
    calendar: _Calendar,
    catalogue: _Catalogue,
    anomalies: list[DemoAnomaly],
) -> _Orders:
    """Draw business orders of 2-8 vehicles of one make, mostly 3 or 4."""
    day, region = _expand_counts(rng.poisson(_fleet_rates(calendar, anomalies)))
    fleet_weight = np.array([make.fleet_weight for make in _MAKES])
    trend = _trend_by_make(calendar)[day]
    return _Orders(
        day=day,
        region=region,
        is_fleet=np.ones(day.size, dtype=bool),
        make=_choose_rows(rng, fleet_weight * catalogue.preference[region] * trend),
        model=np.full(day.size, -1),
        size=2 + rng.binomial(6, 0.3, size=day.size),
        spike=np.zeros(day.size, dtype=bool),
    )


def _draw_spike_orders(
    rng: np.random.Generator, calendar: _Calendar, anomalies: list[DemoAnomaly]
) -> _Orders:
    """Draw the planted fleet spike: one order of 5-8 vehicles each weekday of its week."""
    day = np.zeros(0, dtype=np.int64)
    make = region = day
    for anomaly in anomalies:
        if anomaly["kind"] == "fleet_spike":
            first, last = _day_span(calendar, anomaly)
            day = np.arange(first, last)[calendar.weekday[first:last] < 5]
            region = np.full(day.size, REGIONS.index(anomaly["region"]))
            make = np.full(day.size, _make_index(anomaly["make"]))
    return _Orders(
        day=day,
        region=region,
        is_fleet=np.ones(day.size, dtype=bool),
        make=make,
        model=np.full(day.size, -1),
        size=5 + rng.binomial(3, 0.5, size=day.size),
        spike=np.ones(day.size, dtype=bool),
    )


def _build_lines(
    rng: np.random.Generator, calendar: _Calendar, catalogue: _Catalogue, orders: _Orders
) -> pd.DataFrame:
    """Expand orders into one line per vehicle and give each line its attributes."""
    line_order = np.repeat(np.arange(orders.day.size), orders.size)
    model = _line_models(rng, catalogue, orders, line_order)
    is_fleet = orders.is_fleet[line_order]
    years = calendar.years[orders.day[line_order]]
    sale_date = calendar.start + orders.day[line_order]
    stock_days = _draw_stock_days(rng, catalogue, model)
    unit_price = _draw_prices(rng, catalogue, model, years, stock_days, is_fleet)

    columns = {
        "sale_date": sale_date.astype("datetime64[ns]"),
        "order_ref": _order_refs(calendar, orders)[line_order],
        "customer": _name_customers(rng, orders)[line_order],
        "region": np.array(REGIONS, dtype=object)[orders.region[line_order]],
        "salesperson": _pick_salespeople(rng, orders)[line_order],
        "make": np.array([make.name for make in _MAKES], dtype=object)[orders.make[line_order]],
        "model": np.array([entry.name for entry in _MODELS], dtype=object)[model],
        "body_style": np.array(BODY_STYLES, dtype=object)[catalogue.body_of_model[model]],
        "colour": _draw_colours(rng, catalogue, model, orders, line_order),
        "transmission": _draw_transmissions(rng, catalogue, model, orders, line_order, years),
        "vin": _make_vins(rng, catalogue, model, sale_date - stock_days),
        "quantity": np.ones(model.size, dtype=np.int64),
        "unit_price_cents": unit_price,
        "unit_cost_cents": _draw_costs(rng, catalogue, model, unit_price, stock_days, is_fleet),
        "stocked_on": (sale_date - stock_days).astype("datetime64[ns]"),
    }
    frame = pd.DataFrame(columns, columns=list(DEMO_COLUMNS))
    return frame.astype(dict.fromkeys(_TEXT_COLUMNS, "str"))  # object when there are no rows


def _line_models(
    rng: np.random.Generator, catalogue: _Catalogue, orders: _Orders, line_order: np.ndarray
) -> np.ndarray:
    """Give each line its model: a retail order's own; one or two models per fleet order."""
    fleet = np.flatnonzero(orders.is_fleet)
    weights = catalogue.fleet_model_weight[orders.make[fleet]]
    spike_bodies = [BODY_STYLES.index("Van"), BODY_STYLES.index("Pickup")]
    weights[orders.spike[fleet]] *= np.isin(catalogue.body_of_model, spike_bodies)
    main, second = orders.model.copy(), orders.model.copy()
    main[fleet] = _choose_rows(rng, weights)
    second[fleet] = _choose_rows(rng, weights)

    mixed = np.zeros(orders.day.size, dtype=bool)
    mixed[fleet] = rng.random(fleet.size) < 0.35
    use_second = mixed[line_order] & (rng.random(line_order.size) < 0.4)
    return np.where(use_second, second[line_order], main[line_order])


def _draw_stock_days(
    rng: np.random.Generator, catalogue: _Catalogue, model: np.ndarray
) -> np.ndarray:
    """Give days in stock: 5 plus a log-normal with the make's median, at most 150."""
    median = np.array([make.stock_days_median for make in _MAKES])[catalogue.make_of_model]
    days = 5 + (median[model] - 5) * rng.lognormal(0.0, 0.75, size=model.size)
    return np.minimum(np.rint(days), 150).astype(np.int64)


def _draw_prices(
    rng: np.random.Generator,
    catalogue: _Catalogue,
    model: np.ndarray,
    years: np.ndarray,
    stock_days: np.ndarray,
    is_fleet: np.ndarray,
) -> np.ndarray:
    """Give prices in cents, rounded to whole euros.

    price = base * (1 + inflation)^years * lognormal(0, 0.08) * (1 - 0.0004 * days in stock),
    less 7% for fleet buyers.
    """
    level = catalogue.base_price[model] * (1 + PRICE_INFLATION) ** years
    noise = rng.lognormal(0.0, 0.08, size=model.size)
    ageing = 1 - 0.0004 * stock_days
    euros = np.rint(level * noise * ageing * np.where(is_fleet, 0.93, 1.0))
    return euros.astype(np.int64) * 100


def _draw_costs(
    rng: np.random.Generator,
    catalogue: _Catalogue,
    model: np.ndarray,
    unit_price: np.ndarray,
    stock_days: np.ndarray,
    is_fleet: np.ndarray,
) -> np.ndarray:
    """Give costs in cents: price * (1 - margin), the margin set by make, age and channel."""
    margin = np.array([make.margin for make in _MAKES])[catalogue.make_of_model[model]]
    margin = margin + rng.normal(0.0, 0.015, size=model.size) - 0.00015 * stock_days
    margin = np.clip(margin - np.where(is_fleet, 0.02, 0.0), 0.015, 0.3)
    return np.rint(unit_price * (1 - margin)).astype(np.int64)


def _order_refs(calendar: _Calendar, orders: _Orders) -> np.ndarray:
    """Give order references numbered within each year, "SO2024-00001" onwards."""
    year = (calendar.start + orders.day).astype("datetime64[Y]").astype(np.int64) + 1970
    sequence = np.arange(year.size) - np.searchsorted(year, year, side="left") + 1
    refs = [f"SO{y}-{s:05d}" for y, s in zip(year.tolist(), sequence.tolist(), strict=True)]
    return np.array(refs, dtype=object)


def _name_customers(rng: np.random.Generator, orders: _Orders) -> np.ndarray:
    """Give each order its customer: a private buyer, or a business for fleet orders."""
    names = np.empty(orders.day.size, dtype=object)
    retail = np.flatnonzero(~orders.is_fleet)
    if retail.size:
        ids = _assign_retail_customers(rng, orders.day[retail], orders.region[retail])
        names[retail] = _person_names(rng, int(ids.max()) + 1)[ids]
    fleet = np.flatnonzero(orders.is_fleet)
    names[fleet] = _business_names(rng, orders.region[fleet], orders.spike[fleet])
    return names


def _assign_retail_customers(
    rng: np.random.Generator, day: np.ndarray, region: np.ndarray
) -> np.ndarray:
    """Give customer ids to retail orders sorted by day; some are earlier customers.

    A returning order copies the customer of a uniformly drawn earlier order in the same
    region at least MIN_REPEAT_GAP_DAYS before, so frequent buyers are likelier to return;
    a repeat that would come too soon after that customer's previous purchase is split off.
    """
    # A returning customer picks a make as any buyer does; brand loyalty would give customer
    # segmentation more to find.
    parent = np.arange(day.size)
    for region_index in range(len(REGIONS)):
        orders = np.flatnonzero(region == region_index)
        eligible = np.searchsorted(day[orders], day[orders] - MIN_REPEAT_GAP_DAYS, side="right")
        returning = (rng.random(orders.size) < RETURN_SHARE) & (eligible > 0)
        earlier = (rng.random(orders.size) * eligible).astype(np.int64)
        parent[orders[returning]] = orders[earlier[returning]]
    root = parent
    while not np.array_equal(root[root], root):  # follow the chain to the first purchase
        root = root[root]
    return np.unique(_split_hasty_repeats(root, day), return_inverse=True)[1]


def _split_hasty_repeats(root: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Make an order a new customer's when it follows that customer's last order too soon.

    Comparing with the previous order, kept or not, is conservative: kept orders of one
    customer are always at least MIN_REPEAT_GAP_DAYS apart.
    """
    by_customer = np.lexsort((day, root))
    later = by_customer[1:]
    too_soon = (root[later] == root[by_customer[:-1]]) & (
        day[later] - day[by_customer[:-1]] < MIN_REPEAT_GAP_DAYS
    )
    split = root.copy()
    split[later[too_soon]] = later[too_soon]  # a returning order is nobody's root
    return split


def _person_names(rng: np.random.Generator, count: int) -> np.ndarray:
    """Give `count` distinct names such as "Anna K. Berg"."""
    per_first = len(_INITIALS) * len(_LAST_NAMES)
    space = len(_FIRST_NAMES) * per_first
    if count > space:
        raise ValueError(f"demo data: {count} customers exceed the {space} names available")
    codes = rng.choice(space, size=count, replace=False)
    names = [
        f"{_FIRST_NAMES[code // per_first]} {_INITIALS[code % per_first // len(_LAST_NAMES)]}. "
        f"{_LAST_NAMES[code % len(_LAST_NAMES)]}"
        for code in codes.tolist()
    ]
    return np.array(names, dtype=object)


def _business_names(rng: np.random.Generator, region: np.ndarray, spike: np.ndarray) -> np.ndarray:
    """Give fleet orders a business of their region; a few businesses buy most fleets."""
    combinations = len(_BUSINESS_PREFIXES) * len(_BUSINESS_TRADES)
    codes = rng.choice(combinations, size=len(REGIONS) * BUSINESSES_PER_REGION, replace=False)
    names = [
        f"{_BUSINESS_PREFIXES[code // len(_BUSINESS_TRADES)]} "
        f"{_BUSINESS_TRADES[code % len(_BUSINESS_TRADES)]} Ltd"
        for code in codes.tolist()
    ]
    pool = np.array(names, dtype=object).reshape(len(REGIONS), BUSINESSES_PER_REGION)
    rank_weight = 1.0 / np.arange(1, BUSINESSES_PER_REGION + 1) ** 1.1
    rank = rng.choice(BUSINESSES_PER_REGION, size=region.size, p=rank_weight / rank_weight.sum())
    return pool[region, np.where(spike, 0, rank)]


def _pick_salespeople(rng: np.random.Generator, orders: _Orders) -> np.ndarray:
    """Give each order a salesperson of its region; the first one handles most fleets."""
    staff = np.array([_SALESPEOPLE[region] for region in REGIONS], dtype=object)
    weights = np.array(_RETAIL_STAFF_WEIGHTS)
    retail_pick = rng.choice(weights.size, size=orders.day.size, p=weights / weights.sum())
    fleet_pick = np.where(
        rng.random(orders.day.size) < 0.85, 0, rng.integers(1, weights.size, orders.day.size)
    )
    return staff[orders.region, np.where(orders.is_fleet, fleet_pick, retail_pick)]


def _draw_colours(
    rng: np.random.Generator,
    catalogue: _Catalogue,
    model: np.ndarray,
    orders: _Orders,
    line_order: np.ndarray,
) -> np.ndarray:
    """Give colours by body style; every vehicle of a fleet order has the same colour."""
    by_body = np.array([_COLOUR_WEIGHTS_BY_BODY.get(body, _COLOUR_WEIGHTS) for body in BODY_STYLES])
    line_colour = _choose_rows(rng, by_body[catalogue.body_of_model[model]])
    order_colour = _choose_rows(rng, np.tile(_FLEET_COLOUR_WEIGHTS, (orders.day.size, 1)))
    colour = np.where(orders.is_fleet[line_order], order_colour[line_order], line_colour)
    return np.array(COLOURS, dtype=object)[colour]


def _draw_transmissions(
    rng: np.random.Generator,
    catalogue: _Catalogue,
    model: np.ndarray,
    orders: _Orders,
    line_order: np.ndarray,
    years: np.ndarray,
) -> np.ndarray:
    """Give Manual with a share set by model and region, falling 5% a year, else Automatic.

    A fleet order draws once, so the vehicles of one model in it share a gearbox.
    """
    region_factor = np.array(_REGION_MANUAL_FACTORS)[orders.region[line_order]]
    share = catalogue.manual_share[model] * region_factor * np.maximum(0.0, 1 - 0.05 * years)
    draws = np.where(
        orders.is_fleet[line_order],
        rng.random(orders.day.size)[line_order],
        rng.random(line_order.size),
    )
    return np.where(draws < share, "Manual", "Automatic").astype(object)


def _make_vins(
    rng: np.random.Generator, catalogue: _Catalogue, model: np.ndarray, stocked: np.ndarray
) -> np.ndarray:
    """Give VIN-like strings: make's WMI, model code, check digit, model year, serial.

    The serial is a permutation of line numbers, so VINs are unique for up to a million lines.
    """
    alphabet = np.frombuffer(_VIN_ALPHABET.encode(), dtype=np.uint8)
    chars = alphabet[rng.integers(alphabet.size, size=(model.size, 17))]
    wmi = np.array([list(make.wmi.encode()) for make in _MAKES], dtype=np.uint8)
    chars[:, 0:3] = wmi[catalogue.make_of_model[model]]
    chars[:, 3:5] = alphabet[10 + np.stack([model // 23, model % 23], axis=1)]
    chars[:, 9] = np.frombuffer(_VIN_YEAR_CODES.encode(), dtype=np.uint8)[
        (_model_years(stocked) - 1980) % 30
    ]
    serial = rng.permutation(model.size)
    chars[:, 11:17] = serial[:, None] // 10 ** np.arange(5, -1, -1) % 10 + ord("0")
    chars[:, 8] = _vin_check_digits(chars)
    return chars.view("S17").ravel().astype(str).astype(object)


def _model_years(stocked: np.ndarray) -> np.ndarray:
    """Give the model year: the stocking year, or the next one from September."""
    year = stocked.astype("datetime64[Y]").astype(np.int64) + 1970
    month = stocked.astype("datetime64[M]").astype(np.int64) % 12 + 1
    return year + (month >= 9)


def _vin_check_digits(chars: np.ndarray) -> np.ndarray:
    """Give the ISO 3779 check character: weighted transliterated sum modulo 11, 10 as X."""
    values = np.zeros(256, dtype=np.int64)
    values[ord("0") : ord("9") + 1] = np.arange(10)
    for letter, value in _VIN_LETTER_VALUES.items():
        values[ord(letter)] = value
    remainder = (values[chars] * np.array(_VIN_WEIGHTS)).sum(axis=1) % 11
    return np.where(remainder == 10, ord("X"), ord("0") + remainder).astype(np.uint8)
