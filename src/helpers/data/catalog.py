"""The catalog of outputs: every table a notebook writes to ``data/processed/<province>/``.

One :class:`Output` per file: its name, the notebook that writes it, the columns it must have (in
this order, other columns may follow, e.g. one per subsystem in ``coupling.csv``), the order of its
rows and its caption in English and Chinese. Notebooks write and read through these objects
(``ctx.write(frame, catalog.COUPLING)``), the thesis exports title their sheets with the captions,
and the pipeline test checks every bundled run against the list, so a name is typed once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Output:
    name: str                       # file stem: <name>.csv
    notebook: str                   # number of the notebook that writes it
    columns: tuple[str, ...]        # required columns, in order
    caption: tuple[str, str]        # English, Chinese
    sort_by: tuple[str, ...] = ()   # row order, so that reruns give identical bytes

    @property
    def file(self) -> str:
        return f"{self.name}.csv"


RC, Y = "region_code", "year"

CLEAN_PANEL = Output("clean_panel", "01", (RC, Y, "indicator", "value"),
                     ("Clean panel: every region, year and indicator", "清洗后的面板数据（地区-年份-指标）"),
                     (RC, Y, "indicator"))
IMPUTATION_LOG = Output("imputation_log", "01", (RC, Y, "indicator", "raw", "value", "method"),
                        ("Cells filled or converted in data cleaning, with their raw text", "数据清洗中填补或转换格式的观测值及其原始文本"),
                        (RC, Y, "indicator"))
INDICATOR_SYSTEM = Output("indicator_system", "02", ("id", "system", "dimension", "name", "name_zh", "unit", "direction"),
                          ("Indicator system", "指标体系"))
NORMALIZED = Output("normalized", "02", (RC, Y, "indicator", "z", "z_minmax"),
                    ("Normalized values (z = min–max value + shift)", "标准化值（z = 极差标准化值 + 平移量）"),
                    (RC, Y, "indicator"))
TOPSIS = Output("topsis", "03", (RC, Y, "level", "item", "d_best", "d_worst", "closeness"),
                ("Entropy-TOPSIS closeness of every system and dimension (distances to the ideal and anti-ideal)",
                 "各系统与维度的熵权TOPSIS相对贴近度（与正、负理想解的距离）"), (RC, Y, "level", "item"))
WEIGHTS = Output("weights", "03", ("system", "dimension", "indicator", "entropy", "divergence", "weight"),
                 ("Indicator weights within each system", "各系统内的指标权重"))
SCORES = Output("scores", "03", (RC, Y, "system", "score"), ("Composite scores of the systems", "各系统综合得分"),
                (RC, Y, "system"))
DIMENSION_SCORES = Output("dimension_scores", "03", (RC, Y, "system", "dimension", "score"),
                          ("Dimension scores (they add up to the system score)", "维度得分（加总即系统得分）"),
                          (RC, Y, "system", "dimension"))
COUPLING = Output("coupling", "04", (RC, Y, "C", "T", "D", "grade", "grade_label", "grade_label_zh", "lag_type", "lagging",
                                     "relative_development"),
                  ("Coupling degree C, comprehensive index T, coordination degree D, grades and lag types",
                   "耦合度C、综合协调指数T、耦合协调度D、协调等级与滞后类型"), (RC, Y))
DEVELOPMENT_TYPES = Output("development_types", "04", (RC, Y, "E", "band", "lagging", "D", "grade"),
                           ("Relative development degree E and the combined types (grade of D × band of E)",
                            "相对发展度E及耦合协调类型（D的等级 × E的区间）"), (RC, Y))
RANKING = Output("ranking", "05", (RC, Y, "measure", "value", "rank", "provincial_mean", "diff_from_mean"),
                 ("Ranks of the regions by D and by each system score", "各地区耦合协调度与系统得分排名"))
GROUP_MEANS = Output("group_means", "05", ("group", Y, "measure", "mean"),
                     ("Means of the region groups", "区域分组均值"))
DISPERSION = Output("dispersion", "05", (Y, "measure", "n", "mean", "std", "cv", "max_min_ratio"),
                    ("Dispersion across regions per year (population σ)", "逐年地区间离散程度（总体标准差）"), ("measure", Y))
CLUSTERS = Output("clusters", "05", (RC, "cluster", "kmeans_cluster", "k", "mean_D"),
                  ("Clusters of regions (Ward, k-means check)", "地区聚类（Ward法，以k均值聚类检验）"), ("cluster", RC))
REFERENCE_URBANIZATION = Output("reference_urbanization", "05", ("role", "area", "area_zh", Y, "value", "basis", "source"),
                                ("Urbanization rate: focus region, province and China (published facts)",
                                 "城镇化率：重点地区、全省与全国（公开数据）"))
POLICY_DOCUMENTS = Output("policy_documents", "05", ("date", "issuer", "issuer_zh", "title", "title_zh", "number", "topic",
                                                    "set", "set_zh", "source"),
                          ("National documents on rural revitalization and new-type urbanization in the study period",
                           "研究期内乡村振兴与新型城镇化主要国家政策文件"), ("date",))
KDE = Output("kde", "06", (Y, "measure", "x", "density", "bandwidth"),
             ("Kernel density of D and the system scores per year", "耦合协调度与系统得分的逐年核密度估计"), ("measure", Y, "x"))
OBSTACLES = Output("obstacles", "07", (RC, Y, "system", "level", "item", "obstacle_pct"),
                   ("Obstacle degrees of indicators and dimensions (%)", "指标与维度障碍度（%）"))
GREY_RELATIONAL = Output("grey_relational", "08", ("scope", "reference", "level", "item", "grade", "rank"),
                         ("Grey relational grades of dimensions and indicators", "维度与指标的灰色关联度"),
                         ("scope", "reference", "level", "rank", "item"))

SPATIAL_WEIGHTS = Output("spatial_weights", "09", (RC, "neighbour", "weight", "link"),
                         ("Spatial weights (row-standardised contiguity; link = contiguity or nearest neighbour)",
                          "空间权重矩阵（行标准化的邻接矩阵；孤立地区取最近邻）"), (RC, "neighbour"))
MORAN = Output("moran", "09", (Y, "measure", "I", "expected_I", "z", "p_norm", "p_sim", "sim_low", "sim_high"),
               ("Global Moran's I per year (p_sim: two-sided permutation p)", "逐年全局莫兰指数（p_sim为双侧置换检验p值）"),
               ("measure", Y))
LISA = Output("lisa", "09", (RC, Y, "measure", "Is", "quadrant", "p_sim", "significant", "significant_fdr", "attainable_p",
                             "undefined"),
              ("Local Moran's I (LISA): two-sided p, significance at 5 % and under a 5 % false discovery rate, the "
               "smallest p each region can reach", "局部莫兰指数（LISA）：双侧p值、5%水平与5%错误发现率下的显著性及各地区可达最小p值"),
              ("measure", Y, RC))
HOT_SPOTS = Output("hot_spots", "09", (RC, Y, "measure", "z", "p", "class", "significant", "significant_fdr",
                                       "attainable_p", "undefined"),
                   ("Hot and cold spots (Getis–Ord Gi*, two-sided permutation p)", "冷热点分析（Getis–Ord Gi*，双侧置换检验p值）"),
                   ("measure", Y, RC))
CENTRE = Output("centre", "09", (Y, "measure", "x", "y", "lon", "lat", "sigma_major", "sigma_minor", "angle"),
                ("Weighted mean centre and standard deviational ellipse (China Albers, metres; axes by the chosen "
                 "ellipse_axes convention)", "重心与标准差椭圆（中国Albers等积圆锥投影，单位：米；半轴长依ellipse_axes选项约定）"),
                ("measure", Y))

BIVARIATE_MORAN = Output("bivariate_moran", "09", (Y, "x", "y", "I", "expected_I", "z", "p_sim", "sim_low", "sim_high"),
                         ("Bivariate Moran's I between the systems per year (two-sided permutation p)",
                          "各年份系统间的双变量莫兰指数（双侧置换检验p值）"), ("x", "y", Y))
BIVARIATE_LISA = Output("bivariate_lisa", "09", (RC, Y, "x", "y", "Is", "quadrant", "p_sim", "significant",
                                               "significant_fdr", "attainable_p", "undefined"),
                        ("Bivariate LISA: each region's x against its neighbours' y", "双变量LISA：各地区x值与邻近地区y值的局部关联"),
                        ("x", "y", Y, RC))
CENTRE_MISMATCH = Output("centre_mismatch", "09", (Y, "distance_km", "bearing", "direction"),
                         ("Distance and direction between the centres of gravity of the two systems (great circle)",
                          "两系统重心之间的距离与方向（大圆距离）"), (Y,))
CENTRE_MIGRATION = Output("centre_migration", "09", ("measure", "from_year", "to_year", "distance_km", "bearing", "direction",
                                                     "cumulative_km"),
                          ("Year-to-year migration of each centre of gravity", "各重心的逐年迁移"), ("measure", "from_year"))
DISPARITY = Output("disparity", "10", (Y, "measure", "method", "component", "value", "share"),
                   ("Inequality between regions: CV, Gini, Dagum and Theil decompositions",
                    "地区差异：变异系数、基尼系数、Dagum基尼系数分解与泰尔指数分解"), ("measure", "method", "component", Y))
DAGUM_GROUPS = Output("dagum_groups", "10", (Y, "measure", "group_a", "group_b", "G"),
                      ("Dagum's Gini within (a = b) and between region groups", "Dagum基尼系数的组内（a = b）与组间差异"),
                      ("measure", "group_a", "group_b", Y))
BETA_CONVERGENCE = Output("beta_convergence", "10", ("measure", "kind", "beta", "se", "p", "speed", "half_life",
                                                     "converging", "n", "regions", "undefined"),
                          ("β-convergence of D, the system scores and the dimensions (clustered by region, t(G − 1))",
                           "耦合协调度、系统得分与各维度的β收敛（按地区聚类标准误，自由度为G − 1的t检验）"), ("measure", "kind"))
MARKOV = Output("markov", "11", ("kind", "neighbour_class", "from_class", "to_class", "count", "probability"),
                ("Markov transitions between coordination classes (counts beside probabilities)",
                 "协调类型的马尔可夫转移（概率及其所依据的转移次数）"))
FORECAST = Output("forecast", "11", (RC, "measure", Y, "value", "kind", "a", "b", "C", "P", "grade", "usable", "leaves_in",
                                     "reason"),
                  ("GM(1,1) forecasts with the posterior-error test (stopped before leaving [0, 1])",
                   "GM(1,1)灰色预测及后验差检验（预测在超出[0, 1]之前终止）"),
                  ("measure", RC, "kind", Y))

LISA_MARKOV = Output("lisa_markov", "11", ("from_quadrant", "to_quadrant", "count", "probability"),
                     ("LISA Markov chain of D: transitions between the quadrants of the Moran scatter plot",
                      "耦合协调度的LISA马尔可夫链：莫兰散点图象限之间的转移"), ("from_quadrant", "to_quadrant"))
SPACE_TIME = Output("space_time_transitions", "11", ("type", "count", "share"),
                    ("Space–time transitions of D (Rey's types 0, I, II, IIIA, IIIB)", "耦合协调度的时空跃迁（Rey的0、I、II、IIIA、IIIB类）"),
                    ("type",))
LISA_PATHS = Output("lisa_paths", "11", (RC, "path_length", "relative_length", "displacement", "tortuosity", "angle"),
                    ("LISA time paths of D: relative length and tortuosity of each region's path", "耦合协调度的LISA时间路径：相对长度与弯曲度"),
                    (RC,))
GEODETECTOR = Output("geodetector", "12", ("measure", "factor", "level", "strata", "q", "p", "q_null_95"),
                     ("Geographical detector: q of each factor, its F-test p and the 95th percentile of q for noise",
                      "地理探测器：各因子q值、F检验p值及随机置换下q值的95%分位数"), ("measure", "level", "factor"))
INTERACTIONS = Output("interactions", "12", ("measure", "factor_a", "factor_b", "q", "type", "p_perm"),
                      ("Interaction detector with a permutation null", "交互作用探测及置换检验"),
                      ("measure", "factor_a", "factor_b"))
REGRESSION = Output("regression", "12", ("model", "term", "coefficient", "se", "p", "n", "r2_within", "df"),
                    ("Regression of D on the external drivers (standardised)", "耦合协调度对外部驱动因素的回归（标准化系数）"),
                    ("model", "term"))
DRIVER_AGREEMENT = Output("driver_agreement", "12", ("kind", "item", "grey", "q", "coefficient", "rank_grey", "rank_q",
                                                     "rank_coefficient"),
                          ("Ranks of the factors by grey relational grade, q and standardised coefficient",
                           "按灰色关联度、q值与标准化系数的因素排序"), ("kind", "item"))
VARIANTS = Output("variants", "13", ("variant", "weighting", "entropy_mode", "coupling_formula", "shift", "composite", "own",
                                     RC, Y,
                                     "D", "rank"),
                  ("D and its rank under every combination of weighting, coupling formula, shift and composite index",
                   "各赋权方法、耦合公式、平移量与综合指数组合下的耦合协调度及排名"))
AGREEMENT = Output("agreement", "13", ("scope", "statistic", "variant_a", "variant_b", "value", "n"),
                   ("Agreement of the rankings of D between method variants (Spearman, Kendall, Kendall's W)",
                    "不同方法组合下耦合协调度排序的一致性（斯皮尔曼秩相关系数、肯德尔秩相关系数与肯德尔和谐系数W）"))
CLAIMS = Output("claims", "13", ("claim", "subject", "finding", "holds", "variants_total", "option", "value", "fails", "of"),
                ("Headline conclusions checked under every method variant", "主要结论在各方法组合下的稳健性"))
BOOTSTRAP = Output("bootstrap", "13", ("quantity", "item", "estimate", "low", "high", "reps"),
                   ("Bootstrap 95 % intervals (regions resampled with their whole series)",
                    "Bootstrap 95%置信区间（按地区整体序列重抽样）"))
SPATIAL_MODELS = Output("spatial_models", "14", ("model", "term", "estimate", "se", "z", "p"),
                        ("Spatial panel models of D on the drivers (SDM, SAR, SEM; two-way fixed effects)",
                         "耦合协调度对驱动因素的空间面板模型（SDM、SAR、SEM；双向固定效应）"), ("model", "term"))
SPATIAL_FIT = Output("spatial_fit", "14", ("model", "loglik", "aic", "pseudo_r2", "sigma2", "n", "T"),
                     ("Fit of the spatial panel models", "空间面板模型的拟合优度"), ("model",))
SPATIAL_EFFECTS = Output("spatial_effects", "14", ("model", "term", "effect", "estimate", "se", "p"),
                         ("Direct, indirect (spillover) and total effects (LeSage–Pace)",
                          "直接效应、间接效应（空间溢出）与总效应（LeSage–Pace分解）"), ("model", "term", "effect"))
SPATIAL_TESTS = Output("spatial_tests", "14", ("test", "statistic", "df", "p"),
                       ("Model choice: LM and robust LM, Wald and LR tests of the SDM, Hausman",
                        "模型选择检验：LM检验与稳健LM检验、SDM的Wald检验与LR检验、Hausman检验"), ())
GWR_LOCAL = Output("gwr_local", "14", (RC, Y, "model", "term", "estimate", "se", "t", "significant"),
                   ("Local coefficients of D on the drivers (GWR, MGWR; corrected local α)",
                    "耦合协调度对驱动因素的局部回归系数（GWR、MGWR；校正后的局部显著性水平）"), ("model", "term", RC))
GWR_BANDWIDTHS = Output("gwr_bandwidths", "14", ("model", "term", "bandwidth", "adj_alpha", "critical_t", "aicc", "r2",
                                                 "share_significant"),
                        ("Bandwidths (nearest neighbours, by AICc), corrected α and share of significant local estimates",
                         "带宽（近邻数，AICc准则）、校正显著性水平与局部估计显著的比例"), ("model", "term"))
SPATIAL_CONVERGENCE = Output("spatial_convergence", "14", ("measure", "beta", "se", "p", "speed", "half_life", "rho",
                                                           "rho_p", "n", "T"),
                             ("Spatial β-convergence of D (spatial Durbin form, two-way fixed effects)",
                              "耦合协调度的空间β收敛（空间杜宾模型形式，双向固定效应）"), ("measure",))
OUTPUTS: tuple[Output, ...] = (
    CLEAN_PANEL, IMPUTATION_LOG, INDICATOR_SYSTEM, NORMALIZED, WEIGHTS, SCORES, DIMENSION_SCORES, TOPSIS, COUPLING,
    DEVELOPMENT_TYPES, RANKING, GROUP_MEANS, DISPERSION, CLUSTERS, REFERENCE_URBANIZATION, POLICY_DOCUMENTS, KDE, OBSTACLES,
    GREY_RELATIONAL, SPATIAL_WEIGHTS, MORAN, LISA, HOT_SPOTS, CENTRE, BIVARIATE_MORAN, BIVARIATE_LISA, CENTRE_MISMATCH,
    CENTRE_MIGRATION, DISPARITY, DAGUM_GROUPS, BETA_CONVERGENCE, MARKOV, FORECAST, LISA_MARKOV, SPACE_TIME, LISA_PATHS,
    GEODETECTOR, INTERACTIONS, REGRESSION, DRIVER_AGREEMENT, VARIANTS, AGREEMENT, CLAIMS, BOOTSTRAP,
    SPATIAL_MODELS, SPATIAL_FIT, SPATIAL_EFFECTS, SPATIAL_TESTS, GWR_LOCAL, GWR_BANDWIDTHS, SPATIAL_CONVERGENCE,
)
BY_FILE = {o.file: o for o in OUTPUTS}

# What each notebook reads from the others (its writes are the outputs above that name it). The runner
# starts a notebook once the notebooks that write these have finished; the pipeline test checks that a
# run reads exactly these (the context records every read).
READS: dict[str, tuple[Output, ...]] = {
    "01": (),
    "02": (CLEAN_PANEL,),
    "03": (INDICATOR_SYSTEM, NORMALIZED),
    "04": (DIMENSION_SCORES, SCORES, TOPSIS, WEIGHTS),
    "05": (COUPLING, SCORES),
    "06": (COUPLING, SCORES),
    "07": (NORMALIZED, WEIGHTS),
    "08": (COUPLING, DIMENSION_SCORES, NORMALIZED, SCORES, WEIGHTS),
    "09": (COUPLING, SCORES),
    "10": (COUPLING, DIMENSION_SCORES, SCORES),
    "11": (COUPLING, SCORES, SPATIAL_WEIGHTS),
    "12": (COUPLING, DIMENSION_SCORES, GREY_RELATIONAL, INDICATOR_SYSTEM, NORMALIZED, SCORES),
    "13": (CLEAN_PANEL, COUPLING, INDICATOR_SYSTEM),
    "14": (COUPLING,),
}


def written_by(notebook: str) -> list[Output]:
    """The outputs of one notebook (``"14"``).

    Examples
    --------
    >>> [o.name for o in written_by("03")]
    ['weights', 'scores', 'dimension_scores', 'topsis']
    """
    return [o for o in OUTPUTS if o.notebook == notebook]


def read_by(notebook: str) -> tuple[Output, ...]:
    """The outputs of other notebooks that one notebook (``"04"``) reads.

    Examples
    --------
    >>> [o.name for o in read_by("04")]
    ['dimension_scores', 'scores', 'topsis', 'weights']
    """
    if notebook not in READS:
        raise KeyError(f"notebook {notebook} declares no reads in the catalog (helpers.data.catalog.READS)")
    return READS[notebook]


@dataclass(frozen=True)
class ThesisTable:
    """A numbered table of the thesis exports (LaTeX, Word, Excel, appendix): built from ``sources`` (it
    is left out while any of them is absent or empty), its caption ``table.<key>`` in the words of the
    presentation layer, its numbers rounded to ``decimals``."""

    key: str                        # the number, "t03"; a view may give several tables ("t03_coupling_d", "t04_…")
    sources: tuple[Output, ...]
    decimals: int = 3


THESIS_TABLES: tuple[ThesisTable, ...] = (
    ThesisTable("t01", (WEIGHTS,), 4),
    ThesisTable("t02", (SCORES,)),
    ThesisTable("t03", (COUPLING,)),
    ThesisTable("t05", (RANKING,), 0),
    ThesisTable("t06", (DISPERSION,), 4),
    ThesisTable("t07", (CLUSTERS,)),
    ThesisTable("t08", (OBSTACLES,), 1),
    ThesisTable("t10", (GREY_RELATIONAL,)),
    ThesisTable("t11", (IMPUTATION_LOG,), 0),
    ThesisTable("t12", (MORAN,)),
    ThesisTable("t13", (DISPARITY,), 4),
    ThesisTable("t14", (MARKOV,), 0),
    ThesisTable("t15", (FORECAST,), 4),
    ThesisTable("t16", (GEODETECTOR,), 4),
    ThesisTable("t17", (REGRESSION,), 4),
    ThesisTable("t18", (CLAIMS,)),
    ThesisTable("t19", (BOOTSTRAP,), 4),
    ThesisTable("t20", (POLICY_DOCUMENTS,)),
    ThesisTable("t21", (SPATIAL_MODELS, SPATIAL_FIT, SPATIAL_EFFECTS)),
    ThesisTable("t23", (DEVELOPMENT_TYPES,)),
    ThesisTable("t24", (BIVARIATE_MORAN,)),
    ThesisTable("t25", (CENTRE_MISMATCH,), 1),
    ThesisTable("t26", (BETA_CONVERGENCE,), 4),
    ThesisTable("t27", (LISA_MARKOV,), 0),
    ThesisTable("t28", (SPACE_TIME,)),
)
