"""Load and check ``province.toml``: a province is data plus this file, never code.

Every analysis option (:class:`AnalysisOptions`) is a key of the ``[analysis]`` table and can be
overridden by a notebook parameter; :func:`resolve_options` merges the two and checks the result.
The choices of each option come from the method module that implements them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..methods import coupling, density, drivers, econometrics, grey, spatial, topsis, weights
from .errors import DataError, Problem
from .paths import check_slug

# "unverified" is the status of a new province until the user says what the data are
DATA_STATUSES = ("official", "synthetic-demo", "mixed", "unverified")
def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@dataclass(frozen=True)
class Choice:
    """An option whose value is one of ``choices`` (as the method module that implements it defines them)."""

    choices: tuple[str, ...]

    def check(self, key: str, value: Any) -> tuple[Any, str | None]:
        return (value, None) if value in self.choices else (None, f"{key} = {value!r} is not one of {', '.join(self.choices)}")


@dataclass(frozen=True)
class WholeNumber:
    """A whole-number option with its smallest allowed value."""

    minimum: int

    def check(self, key: str, value: Any) -> tuple[Any, str | None]:
        if isinstance(value, int) and not isinstance(value, bool) and value >= self.minimum:
            return value, None
        return None, f"{key} = {value!r} must be a whole number ≥ {self.minimum}"


@dataclass(frozen=True)
class Number:
    """A numeric option ≥ 0, or in (0, 1] when ``unit_interval``."""

    unit_interval: bool = False

    def check(self, key: str, value: Any) -> tuple[Any, str | None]:
        if not _is_number(value):
            return None, f"{key} = {value!r} must be a number"
        inside = 0 < value <= 1 if self.unit_interval else value >= 0
        return (float(value), None) if inside else (None, f"{key} = {value!r} must be {'in (0, 1]' if self.unit_interval else '≥ 0'}")


@dataclass(frozen=True)
class Shares:
    """Positive numbers that sum to 1 (the weights α of the subsystems)."""

    def check(self, key: str, value: Any) -> tuple[Any, str | None]:
        if isinstance(value, (list, tuple)) and all(_is_number(v) and v > 0 for v in value) and abs(sum(value) - 1) <= 1e-9:
            return tuple(float(v) for v in value), None
        return None, f"{key} = {value!r} must be positive numbers that sum to 1"


@dataclass(frozen=True)
class Cuts:
    """Two increasing positive numbers (the cut points of the relative development bands)."""

    def check(self, key: str, value: Any) -> tuple[Any, str | None]:
        if (isinstance(value, (list, tuple)) and len(value) == 2 and all(_is_number(v) and v > 0 for v in value)
                and value[0] < value[1]):
            return tuple(float(v) for v in value), None
        return None, f"{key} = {value!r} must be two increasing positive numbers, e.g. [0.8, 1.2]"


# every analysis option and what a valid value is; the choices come from the method modules
OPTION_RULES: dict[str, Choice | WholeNumber | Number | Shares] = {
    "shift": Number(), "weighting": Choice(weights.WEIGHTINGS), "entropy_mode": Choice(weights.ENTROPY_MODES),
    "composite": Choice(topsis.COMPOSITES), "topsis_ideals": Choice(topsis.IDEALS), "relative_bands": Cuts(),
    "coupling_formula": Choice(coupling.FORMULAS), "system_weights": Shares(), "lag_threshold": Number(),
    "cluster_k": WholeNumber(2), "bandwidth": Choice(density.BANDWIDTHS), "kde_boundary": Choice(density.BOUNDARIES),
    "top_n": WholeNumber(1), "grey_rho": Number(unit_interval=True), "grey_dimensionless": Choice(grey.TRANSFORMS),
    "contiguity": Choice(spatial.CONTIGUITY), "spatial_year": WholeNumber(1),
    "ellipse_axes": Choice(tuple(spatial.ELLIPSE_AXES)), "markov_classes": WholeNumber(2),
    "forecast_horizon": WholeNumber(0), "discretization": Choice(drivers.DISCRETISATIONS), "strata": WholeNumber(2),
    "geodetector_variance": Choice(drivers.VARIANCES), "dk_reference": Choice(drivers.DK_REFERENCES),
    "spillover_weights": Choice(econometrics.SPILLOVER_WEIGHTS), "knn_k": WholeNumber(1),
    "permutations": WholeNumber(19), "bootstrap_reps": WholeNumber(0), "seed": WholeNumber(0),
}
CHOICES: dict[str, tuple[str, ...]] = {k: r.choices for k, r in OPTION_RULES.items() if isinstance(r, Choice)}


@dataclass(frozen=True)
class Named:
    """Something province.toml declares with an id and an English and a Chinese name."""

    id: str
    name: str
    name_zh: str


Dimension = Group = Named


@dataclass(frozen=True)
class System(Named):
    dimensions: tuple[Dimension, ...] = ()


@dataclass(frozen=True)
class Driver(Named):
    """An external variable of drivers.csv, regressed against D in notebook 12."""

    unit: str = ""
    source: str = ""


@dataclass(frozen=True)
class AnalysisOptions:
    """Method options and their defaults (each is explained in the notebook that uses it)."""

    shift: float = 0.0001               # 02: z' = z + shift keeps ln p defined
    weighting: str = "entropy"          # 03
    entropy_mode: str = "pooled"        # 03
    composite: str = "weighted-sum"     # 03: how indicators form a system's index (weighted-sum | topsis)
    topsis_ideals: str = "pooled"       # 03: TOPSIS ideals over all region-years or year by year
    coupling_formula: str = "standard"  # 04
    system_weights: tuple[float, ...] | None = None  # 04: α of T, equal when None
    lag_threshold: float = 0.1          # 04
    relative_bands: tuple[float, float] = (coupling.RELATIVE_LOW, coupling.RELATIVE_HIGH)   # 04: cut points of the relative development degree E
    cluster_k: int | None = None        # 05: None = the k with the highest silhouette
    bandwidth: str = "silverman"        # 06
    kde_boundary: str = "reflect"       # 06: reflection at 0 and 1, the bounds of D and the scores
    top_n: int = 5                      # 07: obstacles listed per region
    grey_rho: float = 0.5               # 08
    grey_dimensionless: str = "mean"    # 08
    contiguity: str = "queen"           # 09: spatial weights (rook: shared borders only)
    spatial_year: int | None = None     # 09: the year of the local statistics (None: the last year)
    ellipse_axes: str = "arcgis"        # 09: standard deviational ellipse axes, ArcGIS (√2 · Yuill) or Yuill
    markov_classes: int = 4             # 11: bands the ten grades of D are merged into
    forecast_horizon: int = 5           # 11: GM(1,1) forecast years after the last year
    discretization: str = "quantile"    # 12: strata of a continuous factor (quantile | equal | natural)
    strata: int = 5                     # 12: strata per factor (fewer when a stratum would hold one unit)
    geodetector_variance: str = "sample"   # 12: σ² of the non-central F's λ, R geodetector (N − 1) or gdverse (N)
    dk_reference: str = "small-T"       # 12: Driscoll–Kraay p from t(T − 1) as Stata's xtscc, or the normal
    spillover_weights: str = "auto"     # 14: contiguity (boundaries) or k nearest neighbours (points); auto: what exists
    knn_k: int = 6                      # 14: neighbours of the k-nearest-neighbour weights
    permutations: int = 999             # 09–12: permutation tests
    bootstrap_reps: int = 1000          # 13: bootstrap replicates over regions (0: none)
    seed: int = 0                       # every permutation, simulation and bootstrap draws from it


@dataclass(frozen=True)
class ProvinceConfig:
    slug: str
    name: str
    name_zh: str
    admin_code: str
    first_year: int
    last_year: int
    data_status: str
    systems: tuple[System, ...]
    groups: tuple[Group, ...] = ()
    focus_region: str | None = None
    drivers: tuple[Driver, ...] = ()
    analysis: AnalysisOptions = field(default_factory=AnalysisOptions)

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    @property
    def system_ids(self) -> list[str]:
        return [s.id for s in self.systems]


def _text(table: Mapping[str, Any], key: str, where: str, problems: list[Problem], file: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(file, where, f"'{key}' must be a non-empty text value"))
        return ""
    return value.strip()


def _declared(raw: Mapping[str, Any], key: str, kind: type, fields: tuple[str, ...], file: str,
              problems: list[Problem]) -> list:
    """The entries of a ``[key]`` table of ``id = { field = "text", … }`` as ``kind(id, *fields)``."""
    table = raw.get(key, {})
    if not isinstance(table, dict):
        problems.append(Problem(file, f"[{key}]", f"must be a table of id = {{ {', '.join(fields)} }}"))
        return []
    entries = []
    for ident, entry in table.items():
        where = f"[{key}] {ident}"
        if not isinstance(entry, dict):
            problems.append(Problem(file, where, "must be { " + ", ".join(f"{f} = ..." for f in fields) + " }"))
            continue
        entries.append(kind(ident, *(_text(entry, f, where, problems, file) for f in fields)))
    return entries


def _parse_analysis(table: Any, file: str, problems: list[Problem]) -> AnalysisOptions:
    if table is None:
        return AnalysisOptions()
    if not isinstance(table, dict):
        problems.append(Problem(file, "[analysis]", "must be a table"))
        return AnalysisOptions()
    options, option_problems = _checked_options(AnalysisOptions(), dict(sorted(table.items())))
    problems.extend(Problem(file, "[analysis]", msg) for msg in option_problems)
    return options


def _checked_options(base: AnalysisOptions, values: Mapping[str, Any]) -> tuple[AnalysisOptions, list[str]]:
    """Apply ``values`` (None: keep the base value) to ``base``; return the options and a message per
    invalid value (:data:`OPTION_RULES`)."""
    messages, clean = [], {}
    for key, value in values.items():
        if key not in OPTION_RULES:
            messages.append(f"unknown option '{key}' (known: {', '.join(sorted(OPTION_RULES))})")
            continue
        if value is None:
            continue
        checked, message = OPTION_RULES[key].check(key, value)
        if message:
            messages.append(message)
        else:
            clean[key] = checked
    return replace(base, **clean), messages


def resolve_options(config: ProvinceConfig, **overrides: Any) -> AnalysisOptions:
    """The province's options with notebook parameters (non-None values) applied and checked."""
    options, messages = _checked_options(config.analysis, overrides)
    n = len(config.systems) if len(config.systems) > 1 else len(config.systems[0].dimensions)
    if options.system_weights is not None and len(options.system_weights) != n:
        messages.append(f"system_weights has {len(options.system_weights)} values but {n} subsystems are coupled")
    if options.markov_classes > 10:
        messages.append(f"markov_classes = {options.markov_classes} must be at most 10 (the grades of D)")
    if options.spatial_year is not None and options.spatial_year not in config.years:
        messages.append(f"spatial_year = {options.spatial_year} is outside the years {config.first_year}–{config.last_year}")
    if messages:
        raise DataError([Problem("analysis options", "", m) for m in messages])
    return options


def _parse_identity(raw: Mapping[str, Any], file: str, problems: list[Problem]) -> dict[str, Any]:
    """slug, names, admin code, years and data status."""
    slug = _text(raw, "slug", "slug", problems, file)
    if slug:
        try:
            check_slug(slug)
        except Exception as exc:  # noqa: BLE001 - reported as a problem of the file
            problems.append(Problem(file, "slug", str(exc)))
    admin_code = str(raw.get("admin_code", "")).strip()
    if not (len(admin_code) == 6 and admin_code.isdigit()):
        problems.append(Problem(file, "admin_code", f"must be a 6-digit code written as text, got {raw.get('admin_code')!r}"))
    first, last = raw.get("first_year"), raw.get("last_year")
    if not all(isinstance(y, int) and not isinstance(y, bool) for y in (first, last)) or first > last:
        problems.append(Problem(file, "first_year/last_year", f"must be integers with first ≤ last, got {first!r}, {last!r}"))
        first, last = 0, 0
    elif last - first < 1:
        problems.append(Problem(file, "first_year/last_year", "at least two years are needed"))
    status = raw.get("data_status")
    if status not in DATA_STATUSES:
        problems.append(Problem(file, "data_status", f"must be one of {', '.join(DATA_STATUSES)}, got {status!r}"))
    return {"slug": slug, "name": _text(raw, "name", "name", problems, file),
            "name_zh": _text(raw, "name_zh", "name_zh", problems, file), "admin_code": admin_code,
            "first_year": first, "last_year": last, "data_status": status}


def _parse_system(table: Any, where: str, file: str, problems: list[Problem]) -> System | None:
    """One ``[[systems]]`` table with its dimensions."""
    if not isinstance(table, dict):
        problems.append(Problem(file, where, "must be a table"))
        return None
    raw_dims = table.get("dimensions")
    if not isinstance(raw_dims, list) or not raw_dims:
        problems.append(Problem(file, where, "needs a non-empty 'dimensions' list"))
        raw_dims = []
    dims = []
    for j, d in enumerate(raw_dims, start=1):
        dwhere = f"{where}, dimension #{j}"
        if not isinstance(d, dict):
            problems.append(Problem(file, dwhere, "must be a table with id, name, name_zh"))
            continue
        dims.append(Dimension(*(_text(d, f, dwhere, problems, file) for f in ("id", "name", "name_zh"))))
    return System(*(_text(table, f, where, problems, file) for f in ("id", "name", "name_zh")), tuple(dims))


def _parse_systems(raw: Mapping[str, Any], file: str, problems: list[Problem]) -> list[System]:
    """Every system, each id (of a system or a dimension) declared once, something to couple."""
    raw_systems = raw.get("systems")
    if not isinstance(raw_systems, list) or not raw_systems:
        problems.append(Problem(file, "[[systems]]", "at least one system with its dimensions is required"))
        return []
    systems, seen = [], set()
    for i, table in enumerate(raw_systems, start=1):
        system = _parse_system(table, f"[[systems]] #{i}", file, problems)
        if system is None:
            continue
        for ident in [system.id] + [d.id for d in system.dimensions]:
            if ident and ident in seen:
                problems.append(Problem(file, f"[[systems]] #{i}", f"id '{ident}' is declared twice"))
            seen.add(ident)
        systems.append(system)
    if len(systems) == 1 and len(systems[0].dimensions) < 2:
        problems.append(Problem(file, "[[systems]]", "a single system needs at least two dimensions to couple"))
    return systems


def _parse_focus(raw: Mapping[str, Any], file: str, problems: list[Problem]) -> str | None:
    focus = raw.get("focus_region")
    if focus is not None and not (isinstance(focus, str) and len(focus) == 6 and focus.isdigit()):
        problems.append(Problem(file, "focus_region", f"must be a 6-digit region code written as text, got {focus!r}"))
        return None
    return focus


KNOWN_KEYS = ("slug", "name", "name_zh", "admin_code", "first_year", "last_year", "data_status", "focus_region",
              "systems", "groups", "drivers", "analysis")


def parse_config(raw: Mapping[str, Any], file: str = "province.toml") -> tuple[ProvinceConfig | None, list[Problem]]:
    """Check a parsed ``province.toml`` and build the config; return every problem found."""
    problems: list[Problem] = []
    identity = _parse_identity(raw, file, problems)
    systems = _parse_systems(raw, file, problems)
    groups = _declared(raw, "groups", Group, ("name", "name_zh"), file, problems)
    focus = _parse_focus(raw, file, problems)
    drivers_ = _declared(raw, "drivers", Driver, ("name", "name_zh", "unit", "source"), file, problems)
    for key in sorted(set(raw) - set(KNOWN_KEYS)):
        problems.append(Problem(file, key, f"unknown key (known: {', '.join(sorted(KNOWN_KEYS))})"))
    analysis = _parse_analysis(raw.get("analysis"), file, problems)
    if problems:
        return None, problems
    return ProvinceConfig(**identity, systems=tuple(systems), groups=tuple(groups), focus_region=focus,
                          drivers=tuple(drivers_), analysis=analysis), []


def load_config(path: Path) -> tuple[ProvinceConfig | None, list[Problem]]:
    """Read ``province.toml`` at ``path``; return the config (or None) and every problem found."""
    file = path.name
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        return None, [Problem(str(path), "", "file not found")]
    except UnicodeDecodeError as exc:
        return None, [Problem(file, "", f"is not UTF-8 text ({exc.reason})")]
    except tomllib.TOMLDecodeError as exc:
        return None, [Problem(file, "", f"is not valid TOML: {exc}")]
    return parse_config(raw, file)
