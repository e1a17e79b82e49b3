"""Great-circle distances and bearings of centres of gravity: published worked examples (Rosetta Code's
haversine task, Williams' Aviation Formulary), pyproj's geodesics on the same sphere, hand-worked
moves along the equator and a meridian, the compass boundaries, and the refusals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pyproj import Geod

from helpers import centres

ONE_DEGREE_KM = centres.EARTH_RADIUS_KM * np.pi / 180      # 111.19508 km on the mean-radius sphere


def test_rosetta_code_haversine_task():
    # Rosetta Code, "Haversine formula": Nashville BNA (36.12° N, 86.67° W) to Los Angeles LAX
    # (33.94° N, 118.40° W) with R = 6372.8 km is 2887.2599506071106 km.
    d, _ = centres.great_circle(-86.67, 36.12, -118.40, 33.94, radius=6372.8)
    assert float(d) == pytest.approx(2887.2599506071106, rel=1e-13)


def test_aviation_formulary_lax_to_jfk():
    # Ed Williams, Aviation Formulary, worked example: LAX (33°57' N, 118°24' W) to JFK (40°38' N, 73°47' W):
    # d = 0.623585 rad (on the unit sphere; 2144 nm) and the initial true course 1.150035 rad = 66°.
    lax = (-(118 + 24 / 60), 33 + 57 / 60)
    jfk = (-(73 + 47 / 60), 40 + 38 / 60)
    d, bearing = centres.great_circle(*lax, *jfk, radius=1.0)
    assert float(d) == pytest.approx(0.623585, abs=5e-7)
    assert float(d) * 180 * 60 / np.pi == pytest.approx(2144, abs=0.5)              # nautical miles (1' of arc)
    assert np.radians(float(bearing)) == pytest.approx(1.150035, abs=5e-7)


def test_same_as_pyproj_geodesics_on_the_same_sphere():
    # pyproj's Geod (Karney's algorithm) on a sphere of radius R: the geodesic is the great circle, its
    # forward azimuth the initial bearing. Random pairs over China and its surroundings.
    rng = np.random.default_rng(5)
    lon1, lon2 = rng.uniform(73, 135, 200), rng.uniform(73, 135, 200)
    lat1, lat2 = rng.uniform(18, 54, 200), rng.uniform(18, 54, 200)
    radius_m = centres.EARTH_RADIUS_KM * 1000
    azimuth, _, distance = Geod(a=radius_m, b=radius_m).inv(lon1, lat1, lon2, lat2)
    d, bearing = centres.great_circle(lon1, lat1, lon2, lat2)
    assert d == pytest.approx(distance / 1000, rel=1e-9)
    assert bearing == pytest.approx(np.mod(azimuth, 360), abs=1e-7)


def test_beijing_to_shanghai():
    # Beijing (39.9042° N, 116.4074° E) to Shanghai (31.2304° N, 121.4737° E): 1067.3 km on the sphere,
    # 1065.8 km on the WGS84 ellipsoid (pyproj) — the sphere is 0.14 % long here — to the south-south-east.
    d, bearing = centres.great_circle(116.4074, 39.9042, 121.4737, 31.2304)
    _, _, ellipsoidal = Geod(ellps="WGS84").inv(116.4074, 39.9042, 121.4737, 31.2304)
    assert float(d) == pytest.approx(1067.31, abs=0.01)
    assert float(d) == pytest.approx(ellipsoidal / 1000, rel=2e-3)
    assert centres.compass(bearing).item() == "SE" and 150 < float(bearing) < 155


def test_cardinal_moves_by_hand():
    # one degree from (0, 0) to the east, north, west and south: R·π/180 each, bearings 90, 0, 270, 180
    d, b = centres.great_circle(np.zeros(4), np.zeros(4), [1.0, 0, -1, 0], [0.0, 1, 0, -1])
    assert d.tolist() == pytest.approx([ONE_DEGREE_KM] * 4, rel=1e-12)
    assert b.tolist() == pytest.approx([90, 0, 270, 180])
    assert centres.compass(b).tolist() == ["E", "N", "W", "S"]
    # coincident points: no bearing, no direction; across the antimeridian 180 = −180
    # (and the north pole whatever its longitude)
    d, b = centres.great_circle([100.0, 180.0, 10.0], [36.0, 10.0, 90.0], [100.0, -180.0, 120.0], [36.0, 10.0, 90.0])
    assert d.tolist() == pytest.approx([0.0, 0.0, 0.0], abs=1e-9) and np.isnan(b).all()
    assert centres.compass(b).tolist() == [centres.NO_DIRECTION] * 3


@pytest.mark.parametrize("bearing, code", [(0, "N"), (22.4999, "N"), (22.5, "NE"), (45, "NE"), (67.5, "E"),
                                           (112.5, "SE"), (157.5, "S"), (202.5, "SW"), (247.5, "W"), (292.5, "NW"),
                                           (337.4999, "NW"), (337.5, "N"), (359.999, "N"), (360, "N")])
def test_compass_sectors_and_their_boundaries(bearing, code):
    assert centres.compass([bearing]).tolist() == [code]


def test_mismatch_of_two_centres_by_hand():
    # RR at (100° E, 36° N) both years; NU 0.5° east on the same parallel in 2020, 0.5° north in 2021.
    # Same latitude: a = cos²φ sin²(Δλ/2), so d = 2R·asin(cos 36° · sin 0.25°) = 2R·asin(0.809017 · 0.00436331)
    # = 2 · 6371.0088 · 0.00353001 = 44.979 km; bearing atan2(sin Δλ cos φ, cos φ sin φ (1 − cos Δλ))
    # = atan2(0.00705987, 0.0000181066) = 89.853° (the great circle leaves eastward bending towards the pole).
    rr = pd.DataFrame({"lon": [100.0, 100.0], "lat": [36.0, 36.0]}, index=[2021, 2020])   # any order of years
    nu = pd.DataFrame({"lon": [100.5, 100.0], "lat": [36.0, 36.5]}, index=[2020, 2021])
    out = centres.centre_mismatch(rr, nu)
    east = 2 * centres.EARTH_RADIUS_KM * np.arcsin(np.cos(np.radians(36)) * np.sin(np.radians(0.25)))
    phi, dl = np.radians(36), np.radians(0.5)
    bearing = np.degrees(np.arctan2(np.sin(dl) * np.cos(phi), np.cos(phi) * np.sin(phi) * (1 - np.cos(dl))))
    assert out["year"].tolist() == [2020, 2021]
    assert out["distance_km"].tolist() == pytest.approx([east, ONE_DEGREE_KM / 2], rel=1e-12)
    assert east == pytest.approx(44.979, abs=1e-3) and bearing == pytest.approx(89.853, abs=1e-3)
    assert out["bearing"].tolist() == pytest.approx([bearing, 0.0])
    assert out["direction"].tolist() == ["E", "N"]


def test_migration_path_by_hand_and_from_the_centre_table():
    table = pd.DataFrame({"year": [2020, 2021, 2022, 2023] * 2, "measure": ["RR"] * 4 + ["NU"] * 4,
                          "lon": [0.0, 1.0, 1.0, 0.0, 5.0, 5.0, 5.0, 5.0], "lat": [0.0, 0.0, 1.0, 1.0, 5.0, 5.0, 5.0, 5.0]})
    path = centres.centre_migration(centres.centres_of(table, "RR"))
    # east 1°, north 1°, west 1° along the parallel 1° N (R·π/180·cos 1° up to the great-circle shortcut)
    west = 2 * centres.EARTH_RADIUS_KM * np.arcsin(np.cos(np.radians(1)) * np.sin(np.radians(0.5)))
    assert path[["from_year", "to_year"]].to_numpy().tolist() == [[2020, 2021], [2021, 2022], [2022, 2023]]
    assert path["distance_km"].tolist() == pytest.approx([ONE_DEGREE_KM, ONE_DEGREE_KM, west], rel=1e-12)
    assert path["cumulative_km"].tolist() == pytest.approx(np.cumsum([ONE_DEGREE_KM, ONE_DEGREE_KM, west]).tolist())
    assert path["direction"].tolist() == ["E", "N", "W"]
    still = centres.centre_migration(centres.centres_of(table, "NU"))
    assert still["distance_km"].tolist() == [0.0] * 3 and still["direction"].tolist() == [centres.NO_DIRECTION] * 3
    assert still["bearing"].isna().all() and still["cumulative_km"].tolist() == [0.0] * 3


def test_refusals_name_the_years():
    rr = pd.DataFrame({"lon": [100.0, 101.0], "lat": [36.0, 36.0]}, index=[2020, 2021])
    with pytest.raises(ValueError, match="no target centre in 2021"):
        centres.centre_mismatch(rr, rr.loc[[2020]])
    with pytest.raises(ValueError, match="no origin centre in 2019"):
        centres.centre_mismatch(rr, pd.concat([rr, rr.loc[[2020]].rename(index={2020: 2019})]))
    bad = rr.copy()
    bad.loc[2021, "lat"] = np.nan
    with pytest.raises(ValueError, match="centre: no valid lon/lat .* in 2021"):
        centres.centre_migration(bad)
    projected = rr.assign(lon=[-1.2e6, -1.1e6])                    # metres of China Albers, not degrees
    with pytest.raises(ValueError, match="in 2020, 2021"):
        centres.centre_migration(projected)
    with pytest.raises(ValueError, match="at least two years"):
        centres.centre_migration(rr.loc[[2020]])
    with pytest.raises(ValueError, match="columns lon and lat"):
        centres.centre_migration(rr.rename(columns={"lon": "x"}))
    with pytest.raises(ValueError, match="no centre of 'D'"):
        centres.centres_of(pd.DataFrame({"year": [2020], "measure": ["RR"], "lon": [1.0], "lat": [1.0]}), "D")
    with pytest.raises(ValueError, match="latitude must be a number"):
        centres.great_circle(0, 91, 0, 0)
