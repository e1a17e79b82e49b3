"""Words, generated text and thesis tables: both languages complete, the options of the run named,
nothing claimed that the run did not do. Inputs are the tiny province computed with the methods."""

from __future__ import annotations

import re
import string

import numpy as np
import pandas as pd
import pytest

from conftest import write_tiny_province
from helpers import cleaning, comparison, coupling, density, grey, obstacle, robustness, weights
from helpers.data.paths import province_paths
from helpers.data.validate import load_inputs
from helpers.presentation import labels, narrative, tables
from helpers.presentation.labels.sentences import SENTENCES
from helpers.presentation.labels.words import DATA_STATUS, GRADE_NAMES, OPTION_NAMES, TERMS

CJK = re.compile(r"[\u4e00-\u9fff]")


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(SENTENCES))
def test_every_sentence_exists_in_both_languages_with_the_same_fields(key):
    en, zh = SENTENCES[key]
    assert en.strip() and zh.strip()
    assert fields(en) == fields(zh), key          # same numbers and names in both languages
    assert CJK.search(zh) or not CJK.search(en)    # the Chinese is Chinese (pure-format keys excepted)


def test_every_word_exists_in_both_languages():
    pairs = list(TERMS.values()) + list(GRADE_NAMES) + list(DATA_STATUS.values()) + [
        p for option in OPTION_NAMES.values() for p in option.values()]
    for en, zh in pairs:
        assert en and zh and fields(en) == fields(zh)
    assert all(CJK.search(zh) for _, zh in GRADE_NAMES)


def test_language_choice_and_lists():
    assert labels.pick(("a", "甲"), "zh") == "甲" and labels.pick(("a", "甲"), "en") == "a"
    assert labels.join(["A", "B", "C"], "en") == "A, B and C"
    assert labels.join(["甲", "乙", "丙"], "zh") == "甲、乙和丙"
    with pytest.raises(ValueError):
        labels.pick(("a", "b"), "fr")


def test_option_lists_come_from_the_method_modules():
    from helpers.data.config import CHOICES

    assert CHOICES["weighting"] is weights.WEIGHTINGS and CHOICES["coupling_formula"] is coupling.FORMULAS
    assert CHOICES["grey_dimensionless"] is grey.TRANSFORMS and CHOICES["bandwidth"] is density.BANDWIDTHS
    for option, choices in CHOICES.items():      # every choice has a name in both languages
        assert set(OPTION_NAMES[option]) == set(choices), option


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """The tiny province pushed through the methods: everything the narratives need, in memory."""
    data = tmp_path_factory.mktemp("data")
    write_tiny_province(data)
    inputs = load_inputs(province_paths("tiny", data))
    ind = inputs.indicators
    filled, log = cleaning.fill_gaps(inputs.panel, inputs.raw_panel)
    X = filled.set_index(["region_code", "year"])
    Z = weights.normalize(X, inputs.directions)
    w = weights.indicator_weights(Z, ind, "critic")
    dims = weights.dimension_scores(Z, w, ind)
    scores = weights.system_scores(dims)
    U = coupling.subsystem_indices(scores, dims, w, inputs.config.system_ids)
    coupled = labels.with_grade_names(coupling.coupling_table(U, None, "wang", 0.1))
    measures = comparison.long_measures(coupled, scores, inputs.config.system_ids)
    normalized = cleaning.to_long(Z.reset_index(), "z").assign(z_minmax=lambda f: f["z"] - 0.0001)
    return dict(inputs=inputs, log=cleaning.imputation_log(log, inputs.coercions), Z=Z, w=w, dims=dims, scores=scores,
                coupled=coupled, measures=measures, normalized=normalized)


def names(tiny, language):
    i = tiny["inputs"]
    return labels.names_for(i.config, i.regions, i.indicators, language)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_narratives_name_the_options_of_the_run(tiny, language):
    n = names(tiny, language)
    text = narrative.describe_weights(tiny["w"], n, weighting="critic", entropy_mode="pooled")
    assert labels.option_name("weighting", "critic", language) in text
    assert labels.option_name("weighting", "entropy", language) not in text   # no claim of entropy weights
    text = narrative.describe_coupling(tiny["coupled"], n, lag_labels={t: t for t in tiny["coupled"]["lagging"]},
                                       formula="wang")
    assert labels.option_name("coupling_formula", "wang", language) in text
    g = grey.driving_factors(tiny["scores"], tiny["dims"], tiny["coupled"], tiny["normalized"], tiny["w"], 0.3, "initial")
    text = narrative.describe_grey(g[g["scope"] == "province"], n, rho=0.3, dimensionless="initial")
    assert "ρ = 0.3" in text and "ρ = 0.5" not in text
    assert labels.option_name("grey_dimensionless", "initial", language) in text
    table = obstacle.obstacle_table(tiny["Z"] - 0.0001, tiny["w"])
    text = narrative.describe_obstacles(table, n, weighting="equal", entropy_mode="pooled")
    assert labels.option_name("weighting", "equal", language) in text
    kde = density.kde_table(tiny["measures"], "scott")
    text = narrative.describe_density(density.shape_summary(kde, tiny["measures"]), n, bandwidth="scott",
                                      boundary="reflect")
    assert labels.option_name("bandwidth", "scott", language) in text


def robustness_text(tiny, n) -> str:
    i = tiny["inputs"]
    X = cleaning.fill_gaps(i.panel, i.raw_panel)[0].set_index(["region_code", "year"])
    own = robustness.Variant("critic", "pooled", "wang", 0.0001)
    results, failed = robustness.run_variants(X, i.indicators, i.config.system_ids, own)
    claims = robustness.claims(results, own)
    agreement = robustness.agreement(robustness.variants_table(results, own))
    boot = robustness.bootstrap(X, i.indicators, i.config.system_ids, own, reps=50)
    return narrative.describe_robustness(claims, agreement, boot, n, i.config, own=own.name,
                                         failed={v.name: r for v, r in failed.items()}, reps_asked=50, seed=0,
                                         distinct=robustness.distinct_resamples(3))


def test_every_narrative_speaks_chinese(tiny):
    n = names(tiny, "zh")
    i = tiny["inputs"]
    ranks = comparison.ranking(tiny["measures"])
    disp = comparison.dispersion(tiny["measures"])
    X = comparison.standardized_trajectories(tiny["measures"], ["D", "A", "B"])
    mean_d = tiny["measures"].query("measure == 'D'").groupby("region_code")["value"].mean()
    clusters, silhouettes, _ = comparison.cluster_regions(X, mean_d, k=2)
    kde = density.kde_table(tiny["measures"])
    g = grey.driving_factors(tiny["scores"], tiny["dims"], tiny["coupled"], tiny["normalized"], tiny["w"])
    series = pd.DataFrame({"role": ["nation", "nation"], "area": "China", "area_zh": "全国", "year": [2018, 2020],
                           "value": [59.6, 63.9], "basis": ["as_published", "census_2020"], "source": "NBS"})
    missing = pd.DataFrame({"role": ["focus"], "area": ["Alpha"], "area_zh": ["甲市"]})
    texts = {
        "cleaning": narrative.describe_cleaning(tiny["log"], n, n_regions=3, n_years=4, n_indicators=4,
                                                encoding="utf-8-sig"),
        "normalization": narrative.describe_normalization(tiny["normalized"], n, first=2018, last=2021),
        "weights": narrative.describe_weights(tiny["w"], n, weighting="critic", entropy_mode="pooled"),
        "scores": narrative.describe_scores(tiny["scores"], n),
        "coupling": narrative.describe_coupling(tiny["coupled"], n, lag_labels={t: labels.lag_label(t, i.config, "zh")
                                                                               for t in tiny["coupled"]["lagging"]},
                                                formula="standard"),
        "ranking": narrative.describe_ranking(comparison.rank_changes(ranks), n),
        "dispersion": narrative.describe_dispersion(comparison.sigma_convergence(disp), n),
        "clusters": narrative.describe_clusters(clusters, silhouettes, mean_d, n, agreement=1.0),
        "reference": narrative.describe_reference(series, series.iloc[0:0].assign(bound=[]), missing, language="zh"),
        "density": narrative.describe_density(density.shape_summary(kde, tiny["measures"]), n, bandwidth="silverman",
                                              boundary="reflect"),
        "obstacles": narrative.describe_obstacles(obstacle.obstacle_table(tiny["Z"] - 0.0001, tiny["w"]), n,
                                                  weighting="critic", entropy_mode="pooled"),
        "grey": narrative.describe_grey(g[g["scope"] == "province"], n, rho=0.5, dimensionless="mean"),
        "robustness": robustness_text(tiny, n),
    }
    english = re.compile(r"\b(the|and|of|is|in|are|was)\b")
    for name, text in texts.items():
        assert len(CJK.findall(text)) > 10, name
        assert not english.search(text), (name, english.search(text))
    assert "甲市" in texts["coupling"] or "乙市" in texts["coupling"]       # region names in Chinese
    assert "未找到甲市的公开城镇化率数据" in texts["reference"]


def test_coupling_sentence_in_chinese_reads_as_a_thesis_sentence(tiny):
    text = narrative.describe_coupling(tiny["coupled"], names(tiny, "zh"), lag_labels={t: t for t in tiny["coupled"]["lagging"]},
                                       formula="standard")
    end = tiny["coupled"][tiny["coupled"]["year"] == 2021]
    top = end.loc[end["D"].idxmax()]
    expected = (f"2021年{labels.region_names(tiny['inputs'].regions, 'zh')[top['region_code']]}耦合协调度为{top['D']:.3f}，"
                f"处于{labels.grade_name(top['grade'], 'zh')}阶段，居全省首位")
    assert expected in text and f"全省均值为{end['D'].mean():.3f}" in text


def test_thesis_tables_have_meaningful_row_labels_and_translated_headers(tiny):
    n = names(tiny, "zh")
    i = tiny["inputs"]
    system = tables.indicator_system(i.indicators, tiny["w"], n)
    assert list(system.index) == i.indicators["id"].tolist() and system.index.name == "指标"
    assert not isinstance(system.index, pd.RangeIndex) and "权重" in system.columns and "单位" in system.columns
    cleaning_counts = tables.cleaning_table(pd.DataFrame({"method": ["linear-interpolation", "nearest-year"]}), n)
    assert set(cleaning_counts.index) == {"填补：线性插值", "填补：邻近年份"}
    log = tables.imputation_table(tiny["log"], n)
    assert log.index.names == ["地区", "年份", "指标"]
    cv = tables.cv_table(comparison.dispersion(tiny["measures"]), n)
    assert cv.index.name == "年份"


def test_units_follow_the_language_when_indicators_give_them():
    ind = pd.DataFrame({"id": ["a1", "a2"], "unit": ["yuan", "%"], "unit_zh": ["元", ""]})
    assert labels.indicator_units(ind, "zh").tolist() == ["元", "—"]      # never the English unit in Chinese
    assert labels.indicator_units(ind, "en").tolist() == ["yuan", "%"]
    assert labels.indicator_units(ind.drop(columns="unit_zh"), "zh").tolist() == ["—", "—"]
    (note,) = labels.missing_unit_note(ind, "zh")
    assert "a2" in note and "a1" not in note and labels.missing_unit_note(ind, "en") == ()


def test_obstacle_table_says_why_a_region_is_missing(tiny):
    absent = pd.DataFrame({"region_code": ["990100"], "year": [2021], "system": ["A"]})
    (note,) = tables.unobstructed_notes(absent, names(tiny, "en"))
    assert "Alpha" in note and "no obstacle" in note
    (note,) = tables.unobstructed_notes(absent, names(tiny, "zh"))
    assert "甲市" in note and "不存在障碍因子" in note


def test_grade_names_follow_the_scale():
    frame = labels.with_grade_names(pd.DataFrame({"D": [0.05, 0.95], "grade": coupling.grade([0.05, 0.95])}))
    assert frame.columns.tolist() == ["D", "grade", "grade_label", "grade_label_zh"]
    assert frame["grade_label_zh"].tolist() == ["极度失调", "优质协调"]
    assert np.array_equal(frame["grade"], [1, 10])
