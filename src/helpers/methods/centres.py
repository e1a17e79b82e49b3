"""Centres of gravity on the sphere: how far apart two systems' centres are, in which direction, and
how each centre migrates from year to year.

The centres are the value-weighted mean centres of :func:`helpers.methods.spatial.mean_centre_ellipse`
(computed in the China Albers projection and brought back to longitude and latitude, WGS84, by
:func:`helpers.methods.spatial.with_lonlat`). Here they are points (λ, φ) in degrees on a sphere of
radius R = 6371.0088 km, the mean radius R₁ = (2a + b)/3 of the WGS84 / GRS80 ellipsoid (Moritz
1980, "Geodetic Reference System 1980", Bulletin Géodésique 54: 395–405). Over the distances of a
province the sphere differs from the ellipsoid by a few tenths of a percent.

* Great-circle distance by the haversine formula (Sinnott 1984, Sky and Telescope 68(2): 159):
  a = sin²(Δφ/2) + cos φ₁ cos φ₂ sin²(Δλ/2), d = 2R·atan2(√a, √(1 − a)).
* Initial bearing (true course) from point 1 to point 2, degrees clockwise from north in [0, 360):
  θ = atan2(sin Δλ cos φ₂, cos φ₁ sin φ₂ − sin φ₁ cos φ₂ cos Δλ) (Williams, Aviation Formulary).
  Undefined for coincident points: NaN, with the compass code :data:`NO_DIRECTION`.
* Eight-point compass: N = [337.5°, 22.5°), NE = [22.5°, 67.5°), …, NW = [292.5°, 337.5°); a
  bearing on a boundary goes to the next point clockwise.
* Mismatch of two systems (e.g. rural revitalisation RR and new-type urbanisation NU): every year
  the distance and the bearing from the RR centre to the NU centre. Migration of one centre: the
  distance and bearing from each year's position to the next, and the distance travelled so far.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

EARTH_RADIUS_KM = 6371.0088          # mean radius R₁ of the GRS80/WGS84 ellipsoid
COMPASS_POINTS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")
NO_DIRECTION = ""                    # the compass code of a zero move (coincident points)


def great_circle(lon1, lat1, lon2, lat2, radius: float = EARTH_RADIUS_KM) -> tuple[np.ndarray, np.ndarray]:
    """Haversine distance (in the units of ``radius``) and initial bearing (degrees) from 1 to 2.

    Parameters
    ----------
    lon1, lat1, lon2, lat2 : float or array-like
        Degrees; longitudes in [−180, 180], latitudes in [−90, 90] (arrays broadcast).
    radius : float, default :data:`EARTH_RADIUS_KM`

    Returns
    -------
    tuple of numpy.ndarray
        (distance, bearing), the bearing clockwise from north in [0, 360), NaN where the points coincide.

    Examples
    --------
    One degree along the equator is R·π/180 = 111.195 km, due east; one degree up a meridian, due north:

    >>> d, b = great_circle([0.0, 0.0], [0.0, 0.0], [1.0, 0.0], [0.0, 1.0])
    >>> d.round(3).tolist(), b.tolist()
    ([111.195, 111.195], [90.0, 0.0])
    """
    lon1, lat1, lon2, lat2 = (np.asarray(v, dtype=float) for v in (lon1, lat1, lon2, lat2))
    for name, values, limit in (("longitude", (lon1, lon2), 180.0), ("latitude", (lat1, lat2), 90.0)):
        for v in values:
            if not (np.isfinite(v) & (np.abs(v) <= limit)).all():
                raise ValueError(f"every {name} must be a number in [−{limit:g}, {limit:g}]")
    if not radius > 0:
        raise ValueError("the radius must be positive")
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, np.radians(lon2 - lon1)
    a = np.sin(d_phi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(d_lambda / 2) ** 2
    a = np.clip(a, 0.0, 1.0)
    distance = 2 * radius * np.arctan2(np.sqrt(a), np.sqrt(1 - a))
    y = np.sin(d_lambda) * np.cos(phi2)
    x = np.cos(phi1) * np.sin(phi2) - np.sin(phi1) * np.cos(phi2) * np.cos(d_lambda)
    bearing = np.degrees(np.arctan2(y, x)) % 360.0
    same = (lat1 == lat2) & (((lon1 - lon2) % 360.0 == 0) | (np.abs(lat1) == 90))   # a pole has every longitude
    return distance, np.where(same, np.nan, bearing)


def compass(bearing) -> np.ndarray:
    """Eight-point compass code of bearings in degrees (NaN → :data:`NO_DIRECTION`).

    Examples
    --------
    >>> compass([0.0, 22.4999, 22.5, 180.0, 337.4999, 337.5, 359.9]).tolist()
    ['N', 'N', 'NE', 'S', 'NW', 'N', 'N']
    """
    b = np.asarray(bearing, dtype=float)
    sector = np.floor(((np.nan_to_num(b) % 360.0) + 22.5) / 45.0).astype(int) % 8
    return np.where(np.isnan(b), NO_DIRECTION, np.array(COMPASS_POINTS, dtype=object)[sector])


def _lonlat(frame: pd.DataFrame, what: str) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame) or not {"lon", "lat"} <= set(frame.columns):
        raise ValueError(f"{what} must be a DataFrame indexed by year with columns lon and lat")
    if frame.index.has_duplicates:
        raise ValueError(f"{what}: year(s) listed twice: {', '.join(map(str, frame.index[frame.index.duplicated()].unique()))}")
    out = frame[["lon", "lat"]].astype(float)
    bad = ~(np.isfinite(out["lon"]) & np.isfinite(out["lat"]) & (out["lon"].abs() <= 180) & (out["lat"].abs() <= 90))
    if bad.any():
        raise ValueError(f"{what}: no valid lon/lat (degrees, |lon| ≤ 180, |lat| ≤ 90) in {', '.join(map(str, out.index[bad]))}")
    return out.sort_index()


def centre_mismatch(origin: pd.DataFrame, target: pd.DataFrame, radius: float = EARTH_RADIUS_KM) -> pd.DataFrame:
    """Distance and direction from the ``origin`` centre (e.g. RR) to the ``target`` centre (e.g. NU) each year.

    Parameters
    ----------
    origin, target : pandas.DataFrame
        Indexed by year, columns ``lon`` and ``lat`` (degrees, WGS84); the same years in both.
    radius : float, default :data:`EARTH_RADIUS_KM`

    Returns
    -------
    pandas.DataFrame
        year, distance_km, bearing (degrees clockwise from north, NaN when the centres coincide),
        direction (:data:`COMPASS_POINTS` or :data:`NO_DIRECTION`), years in increasing order.

    Examples
    --------
    The NU centre 0.1° north of the RR centre: 11.12 km due north.

    >>> rr = pd.DataFrame({"lon": [100.0], "lat": [36.0]}, index=[2020])
    >>> nu = pd.DataFrame({"lon": [100.0], "lat": [36.1]}, index=[2020])
    >>> centre_mismatch(rr, nu).round(2)
       year  distance_km  bearing direction
    0  2020        11.12      0.0         N
    """
    a, b = _lonlat(origin, "origin"), _lonlat(target, "target")
    only_a = [y for y in a.index if y not in b.index]
    only_b = [y for y in b.index if y not in a.index]
    if only_a or only_b:
        raise ValueError("the two centres must cover the same years: "
                         + "; ".join(([f"no target centre in {', '.join(map(str, only_a))}"] if only_a else [])
                                     + ([f"no origin centre in {', '.join(map(str, only_b))}"] if only_b else [])))
    b = b.reindex(a.index)
    distance, bearing = great_circle(a["lon"], a["lat"], b["lon"], b["lat"], radius)
    return pd.DataFrame({"year": a.index.to_numpy(), "distance_km": distance, "bearing": bearing,
                         "direction": compass(bearing)})


def centre_migration(centre: pd.DataFrame, radius: float = EARTH_RADIUS_KM) -> pd.DataFrame:
    """Year-to-year moves of one centre: distance, bearing, compass direction and the distance so far.

    Parameters
    ----------
    centre : pandas.DataFrame
        Indexed by year, columns ``lon`` and ``lat`` (degrees, WGS84), at least two years.
    radius : float, default :data:`EARTH_RADIUS_KM`

    Returns
    -------
    pandas.DataFrame
        One row per pair of consecutive years (in increasing order): from_year, to_year,
        distance_km, bearing, direction, cumulative_km.

    Examples
    --------
    One degree east along the equator, then one degree north:

    >>> c = pd.DataFrame({"lon": [0.0, 1.0, 1.0], "lat": [0.0, 0.0, 1.0]}, index=[2020, 2021, 2022])
    >>> centre_migration(c).round(3)
       from_year  to_year  distance_km  bearing direction  cumulative_km
    0       2020     2021      111.195     90.0         E        111.195
    1       2021     2022      111.195      0.0         N        222.390
    """
    c = _lonlat(centre, "centre")
    if len(c) < 2:
        raise ValueError("a migration path needs the centre in at least two years")
    distance, bearing = great_circle(c["lon"].to_numpy()[:-1], c["lat"].to_numpy()[:-1],
                                     c["lon"].to_numpy()[1:], c["lat"].to_numpy()[1:], radius)
    return pd.DataFrame({"from_year": c.index.to_numpy()[:-1], "to_year": c.index.to_numpy()[1:],
                         "distance_km": distance, "bearing": bearing, "direction": compass(bearing),
                         "cumulative_km": np.cumsum(distance)})


def centres_of(table: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The lon/lat of one measure's centres, indexed by year, from a long table (year, measure, lon, lat).

    That is the shape of ``centre.csv`` (notebook 09) after :func:`helpers.methods.spatial.with_lonlat`.

    Examples
    --------
    >>> t = pd.DataFrame({"year": [2020, 2020], "measure": ["RR", "NU"], "lon": [100.0, 101.0], "lat": [36.0, 36.5]})
    >>> centres_of(t, "NU").to_dict("index")
    {2020: {'lon': 101.0, 'lat': 36.5}}
    """
    missing = [c for c in ("year", "measure", "lon", "lat") if c not in table.columns]
    if missing:
        raise ValueError(f"the centre table has no column(s) {', '.join(missing)}")
    part = table[table["measure"] == measure]
    if part.empty:
        raise ValueError(f"no centre of {measure!r} (measures: {', '.join(map(str, pd.unique(table['measure'])))})")
    return part.set_index("year")[["lon", "lat"]].sort_index()


def centre_migrations(centres: pd.DataFrame, radius: float = EARTH_RADIUS_KM) -> pd.DataFrame:
    """``centre_migration.csv``: :func:`centre_migration` of every measure of a centre table with lon/lat
    (year, measure, lon, lat), one long table led by the measure."""
    frames = [centre_migration(centres_of(centres, m), radius).assign(measure=m) for m in dict.fromkeys(centres["measure"])]
    migration = pd.concat(frames, ignore_index=True)
    return migration[["measure"] + [c for c in migration.columns if c != "measure"]]
