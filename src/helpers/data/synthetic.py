"""The seeded generator of the SYNTHETIC demonstration panels (not official statistics).

Inputs per province: ``data/raw/<slug>/`` (province.toml, regions.csv, indicators.csv),
``data/synthetic/<slug>/generator.toml`` (seed, file format, blemishes) and ``spec.csv`` (range,
decimals and loadings of every indicator), and the census anchors in
``data/raw/reference/census_prefectures.csv``.

Model, for region r, year t and indicator j:

* urbanization rate u_rt: the census values of 2010 and 2020 exactly, in between
  u10 + (u20 − u10)·(τ + a_r·sin πτ) with τ = (t − 2010)/10 and a region wobble a_r ∈ [−0.08, 0.08];
  after 2020 the 2010–2020 pace slowed to 70 %.
* development level L_jrt = clip(0.1 + λ_j·(u_rt − 20)/75 + 0.6·(1 − λ_j)·s_t + γ_jr + ε_jrt, 0, 1),
  with s_t the position of t in the panel's years (0 … 1), a region effect γ_jr ~ N(0, spread_j)
  and noise ε_jrt ~ N(0, noise_j).
* value: low + (high − low)·L for a positive indicator, high − (high − low)·L for a negative one
  (negative indicators fall as development rises), rounded to the indicator's decimals.

External drivers (drivers.csv, notebook 12) follow the same urbanization level with their own
loadings, region effects and noise (:data:`DRIVER_MODEL`), drawn from a second generator seeded
with seed + 1 so that adding them left the panels unchanged.

Blemishes listed in generator.toml (blank, ``—``, ``…``, ``-``, thousands separators, full-width
digits, numbers stored as text) are then written into the raw file, as yearbook exports have them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .config import ProvinceConfig, load_config
from .errors import UserError
from .paths import PROJECT_ROOT
from .validate import Meta

SYNTHETIC_DIR = PROJECT_ROOT / "data" / "synthetic"
URBAN_FLOOR, URBAN_CEILING = 20.0, 95.0
WOBBLE = 0.08
POST_2020_PACE = 0.7
BASE_LEVEL = 0.1     # development level of a region with the floor urbanization rate at the start
TREND_SHARE = 0.6    # how much of the non-urbanization part of L grows with time over the panel
BLEMISH_KINDS = ("blank", "em-dash", "ellipsis", "hyphen", "thousands", "full-width", "text-number")
_FULL_WIDTH = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")


@dataclass(frozen=True)
class GeneratorSpec:
    seed: int
    urbanization_indicator: str
    panel_file: str
    encoding: str
    region_names: bool
    blemishes: pd.DataFrame     # region, year, indicator, kind
    indicators: pd.DataFrame    # id, low, high, decimals, urban_loading, region_spread, noise


def load_spec(folder: Path) -> GeneratorSpec:
    """Read ``generator.toml`` and ``spec.csv`` of one province."""
    if not (folder / "generator.toml").is_file():
        raise UserError(f"no generator inputs in {folder} (generator.toml and spec.csv)")
    raw = tomllib.loads((folder / "generator.toml").read_text(encoding="utf-8"))
    blemishes = pd.DataFrame(raw.get("blemishes", []), columns=["region", "year", "indicator", "kind"])
    unknown = sorted(set(blemishes["kind"]) - set(BLEMISH_KINDS))
    if unknown:
        raise UserError(f"{folder / 'generator.toml'}: unknown blemish kind(s) {unknown}; use {BLEMISH_KINDS}")
    spec = pd.read_csv(folder / "spec.csv", dtype={"id": str})
    return GeneratorSpec(int(raw["seed"]), raw["urbanization_indicator"], raw["panel_file"], raw["encoding"],
                         bool(raw.get("region_names", False)), blemishes, spec)


def urbanization_paths(census: pd.DataFrame, years: list[int], wobble: np.ndarray) -> pd.DataFrame:
    """Urbanization rate (%) per region (rows, census order) and year (columns), census-anchored."""
    u10 = census["urbanization_2010_pct"].to_numpy()[:, None]
    u20 = census["urbanization_2020_pct"].to_numpy()[:, None]
    t = np.asarray(years, dtype=float)[None, :]
    tau = np.clip((t - 2010) / 10, 0, 1)
    inside = u10 + (u20 - u10) * (tau + wobble[:, None] * np.sin(np.pi * tau))
    after = u20 + POST_2020_PACE * (u20 - u10) / 10 * np.clip(t - 2020, 0, None)
    path = np.where(t > 2020, after, inside)
    return pd.DataFrame(np.round(path, 2), index=census["region_code"].to_numpy(), columns=years)


def development_values(config: ProvinceConfig, meta: Meta, spec: GeneratorSpec,
                       census: pd.DataFrame) -> pd.DataFrame:
    """The clean synthetic panel: region_code, year, one column per indicator (numbers)."""
    rng = np.random.default_rng(spec.seed)
    codes = meta.regions["region_code"].tolist()
    anchors = census.set_index("region_code").loc[codes].reset_index()
    years = config.years
    urban = urbanization_paths(anchors, years, rng.uniform(-WOBBLE, WOBBLE, len(codes)))
    level = (urban.to_numpy() - URBAN_FLOOR) / (URBAN_CEILING - URBAN_FLOOR)
    position = (np.asarray(years) - years[0]) / (years[-1] - years[0])
    rows = pd.MultiIndex.from_product([codes, years], names=["region_code", "year"])
    columns: dict[str, np.ndarray] = {}
    spec_by_id = spec.indicators.set_index("id")
    directions = meta.indicators.set_index("id")["direction"]
    for ident in meta.indicators["id"]:
        if ident == spec.urbanization_indicator:
            columns[ident] = urban.to_numpy().ravel()
            continue
        s = spec_by_id.loc[ident]
        gamma = rng.normal(0.0, s["region_spread"], (len(codes), 1))
        noise = rng.normal(0.0, s["noise"], (len(codes), len(years)))
        trend = (1 - s["urban_loading"]) * TREND_SHARE * position
        latent = np.clip(BASE_LEVEL + s["urban_loading"] * level + trend + gamma + noise, 0, 1)
        share = latent if directions[ident] == "+" else 1 - latent
        columns[ident] = np.round(s["low"] + (s["high"] - s["low"]) * share, int(s["decimals"])).ravel()
    return pd.DataFrame(columns, index=rows).reset_index()


# driver id → (low, high, loading on the urbanization level, base level, region spread, noise), in %
DRIVER_MODEL = {
    "fiscal": (10.0, 70.0, -0.55, 0.75, 0.08, 0.03),      # poorer, more rural regions depend more on the budget
    "openness": (1.0, 40.0, 0.45, 0.05, 0.06, 0.03),
    "innovation": (0.1, 3.0, 0.55, 0.05, 0.05, 0.02),
    "finance": (60.0, 220.0, 0.50, 0.15, 0.08, 0.03),
}


def driver_values(config: ProvinceConfig, meta: Meta, spec: GeneratorSpec, census: pd.DataFrame) -> pd.DataFrame:
    """The synthetic drivers declared in province.toml: region_code, year, one column per driver."""
    codes = meta.regions["region_code"].tolist()
    anchors = census.set_index("region_code").loc[codes].reset_index()
    wobble = np.random.default_rng(spec.seed).uniform(-WOBBLE, WOBBLE, len(codes))   # the panel's urbanization paths
    urban = urbanization_paths(anchors, config.years, wobble)
    level = (urban.to_numpy() - URBAN_FLOOR) / (URBAN_CEILING - URBAN_FLOOR)
    rng = np.random.default_rng(spec.seed + 1)
    rows = pd.MultiIndex.from_product([codes, config.years], names=["region_code", "year"])
    columns = {}
    for driver in config.drivers:
        if driver.id not in DRIVER_MODEL:
            raise UserError(f"no synthetic model for driver '{driver.id}' (known: {', '.join(DRIVER_MODEL)})")
        low, high, loading, base, spread, noise = DRIVER_MODEL[driver.id]
        latent = np.clip(base + loading * level + rng.normal(0, spread, (len(codes), 1))
                         + rng.normal(0, noise, level.shape), 0.01, 1)
        columns[driver.id] = np.round(low + (high - low) * latent, 2).ravel()
    return pd.DataFrame(columns, index=rows).reset_index()


def _format(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


def blemished_text(values: pd.DataFrame, meta: Meta, spec: GeneratorSpec) -> pd.DataFrame:
    """The panel as text cells, with the listed blemishes written in."""
    decimals = spec.indicators.set_index("id")["decimals"].astype(int)
    ids = meta.indicators["id"].tolist()
    text = values[["region_code", "year"]].astype(str)
    for ident in ids:
        text[ident] = [_format(v, decimals[ident]) for v in values[ident]]
    keyed = text.set_index(["region_code", "year"])
    for b in spec.blemishes.itertuples(index=False):
        if b.indicator == spec.urbanization_indicator:
            raise UserError("blemishes must not touch the census-calibrated urbanization indicator")
        key = (str(b.region), str(b.year))
        clean = keyed.loc[key, b.indicator]
        number = float(clean)
        keyed.loc[key, b.indicator] = {
            "blank": "",
            "em-dash": "—",
            "ellipsis": "…",
            "hyphen": "-",
            "thousands": f"{number:,.{decimals[b.indicator]}f}",
            "full-width": clean.translate(_FULL_WIDTH),
            "text-number": clean,  # written as a text cell in Excel (see write_panel)
        }[b.kind]
    out = keyed.reset_index()
    if spec.region_names:
        names = meta.regions.set_index("region_code")["name_zh"]
        out.insert(1, "name_zh", out["region_code"].map(names))
    return out


def write_panel(text: pd.DataFrame, path: Path, spec: GeneratorSpec) -> Path:
    """Write the blemished panel as CSV (in ``spec.encoding``) or as an Excel workbook."""
    if path.suffix == ".csv":
        text.to_csv(path, index=False, encoding=spec.encoding, lineterminator="\n")
        return path
    from openpyxl import Workbook

    text_cells = {(str(b.region), str(b.year), b.indicator) for b in spec.blemishes.itertuples() if b.kind == "text-number"}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "panel"
    sheet.append(list(text.columns))
    for row in text.itertuples(index=False):
        record = row._asdict()
        cells = []
        for column, value in record.items():
            if column in ("region_code", "name_zh") or value in ("", "—", "…", "-") or not _is_plain_number(value) \
                    or (record["region_code"], record["year"], column) in text_cells:
                cells.append(value if value != "" else None)
            elif column == "year":
                cells.append(int(value))
            else:
                cells.append(float(value))
        sheet.append(cells)
    fixed = pd.Timestamp("2024-01-01").to_pydatetime()
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    workbook.save(path)
    return path


def write_drivers(drivers: pd.DataFrame, path: Path) -> Path:
    """Write drivers.csv (UTF-8, plain numbers)."""
    drivers.to_csv(path, index=False, encoding="utf-8", lineterminator="\n", float_format="%.2f")
    return path


def _is_plain_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def synthesize(meta: Meta, reference_dir: Path, spec_dir: Path) -> tuple[pd.DataFrame, GeneratorSpec, pd.DataFrame | None]:
    """Blemished text of a province's synthetic panel, its spec, and its synthetic drivers (if declared)."""
    spec = load_spec(spec_dir)
    if meta.config.data_status == "official":
        raise UserError(f"{meta.config.slug} declares data_status = 'official': refusing to generate synthetic data for it")
    census = pd.read_csv(reference_dir / "census_prefectures.csv", dtype={"region_code": str})
    missing = sorted(set(meta.regions["region_code"]) - set(census["region_code"]))
    if missing:
        raise UserError(f"no census anchors for region(s) {', '.join(missing)} in census_prefectures.csv")
    values = development_values(meta.config, meta, spec, census)
    drivers = driver_values(meta.config, meta, spec, census) if meta.config.drivers else None
    return blemished_text(values, meta, spec), spec, drivers


NATIONAL_SOURCE = "qinghai"   # the indicator system a synthetic national panel borrows
NATIONAL_LON, NATIONAL_LAT = (85.0, 125.0), (22.0, 46.0)   # where its made-up provinces lie (degrees)
PROVINCE_SPREAD_DEGREES = 1.5                            # spread of a province's regions around its centre


def national_panel(n_regions: int, data_dir: Path, slug: str | None = None, provinces: int = 30,
                   first_year: int = 2011, last_year: int = 2020, seed: int = 2024,
                   source_dir: Path | None = None) -> Path:
    """Write a SYNTHETIC national panel folder ``<data_dir>/<slug>/`` of ``n_regions`` regions spread
    over ``provinces`` groups (the provinces of a national panel), with Qinghai's indicator system.

    Region codes are made up (6 digits, two for the province); urbanization anchors are drawn at
    random (2010: 25–65 %, 2020: 6–16 points higher) instead of census values, and the panel has no
    blemishes and no boundaries. Each region gets a made-up point (``coordinates.csv``: the provinces
    scattered over China's extent, their regions around them), for k-nearest-neighbour weights and
    GWR, and the drivers of the source province (``drivers.csv``), for notebooks 12 and 14. For
    benchmarks and for trying the national-panel notebooks; never for a thesis. Returns the folder.
    """
    from .paths import DEFAULT_DATA_DIR
    from .template import province_toml
    from .validate import load_meta

    source_dir = source_dir or DEFAULT_DATA_DIR
    slug = slug or f"national_{n_regions}"
    folder = data_dir / slug
    if folder.exists():
        raise UserError(f"{folder} already exists: choose another slug or remove it yourself")
    rng = np.random.default_rng(seed)
    province_of = np.sort(rng.integers(0, provinces, n_regions))
    codes, serial = [], {}
    for p in province_of:
        serial[p] = serial.get(p, 0) + 1
        codes.append(f"{11 + int(p):02d}{(serial[p] - 1) // 99 + 1:02d}{(serial[p] - 1) % 99 + 1:02d}")
    regions = pd.DataFrame({"region_code": codes, "name": [f"Region {i + 1:04d}" for i in range(n_regions)],
                            "name_zh": [f"地区{i + 1:04d}" for i in range(n_regions)], "kind": "prefecture-level city",
                            "group": [f"p{11 + int(p)}" for p in province_of]})
    groups = list(dict.fromkeys(regions["group"]))
    folder.mkdir(parents=True)
    text = (source_dir / NATIONAL_SOURCE / "province.toml").read_text(encoding="utf-8")
    toml = province_toml(text, slug, f"Synthetic national panel ({n_regions} regions)", f"合成全国面板（{n_regions} 个地区）",
                         "100000", first_year, last_year, "synthetic-demo", groups)
    toml = "\n".join(["# SYNTHETIC national panel made by helpers.data.synthetic.national_panel: not official statistics.",
                      *toml.splitlines()[1:]]) + "\n"
    source_config, _ = load_config(source_dir / NATIONAL_SOURCE / "province.toml")
    toml += "\n[drivers]\n" + "".join(
        f'{d.id} = {{ name = "{d.name}", name_zh = "{d.name_zh}", unit = "{d.unit}", '
        f'source = "SYNTHETIC (helpers.data.synthetic.national_panel)" }}\n' for d in source_config.drivers)
    for g in groups:
        toml = toml.replace(f'{g} = {{ name = "{g}", name_zh = "{g}" }}', f'{g} = {{ name = "Province {g[1:]}", name_zh = "省份{g[1:]}" }}')
    (folder / "province.toml").write_text(toml, encoding="utf-8")
    regions.to_csv(folder / "regions.csv", index=False, encoding="utf-8", lineterminator="\n")
    indicators = pd.read_csv(source_dir / NATIONAL_SOURCE / "indicators.csv", dtype=str, keep_default_na=False)
    indicators.assign(source="SYNTHETIC (helpers.data.synthetic.national_panel)").to_csv(
        folder / "indicators.csv", index=False, encoding="utf-8", lineterminator="\n")
    reference = data_dir / "reference"
    if not reference.exists():
        import shutil

        shutil.copytree(source_dir / "reference", reference)
    from .paths import province_paths

    meta = load_meta(province_paths(slug, data_dir))
    base = load_spec(SYNTHETIC_DIR / NATIONAL_SOURCE)
    spec = GeneratorSpec(seed, base.urbanization_indicator, "panel.csv", "utf-8", False, base.blemishes.iloc[0:0],
                         base.indicators)
    u10 = rng.uniform(25, 65, n_regions)
    census = pd.DataFrame({"region_code": codes, "urbanization_2010_pct": u10,
                           "urbanization_2020_pct": u10 + rng.uniform(6, 16, n_regions)})
    values = development_values(meta.config, meta, spec, census)
    values.to_csv(folder / "panel.csv", index=False, encoding="utf-8", lineterminator="\n")
    write_drivers(driver_values(meta.config, meta, spec, census), folder / "drivers.csv")
    centres = np.column_stack([rng.uniform(*NATIONAL_LON, provinces), rng.uniform(*NATIONAL_LAT, provinces)])
    points = centres[province_of] + rng.normal(0, PROVINCE_SPREAD_DEGREES, (n_regions, 2))
    pd.DataFrame({"region_code": codes, "lon": points[:, 0].round(4), "lat": points[:, 1].round(4)}).to_csv(
        folder / "coordinates.csv", index=False, encoding="utf-8", lineterminator="\n")
    return folder
