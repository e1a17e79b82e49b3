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
INDICATOR_SYSTEM = Output("indicator_system", "02", ("indicator", "system", "dimension", "name", "name_zh", "unit", "direction"),
                          ("Indicator system", "指标体系"))
NORMALIZED = Output("normalized", "02", (RC, Y, "indicator", "z", "z_minmax"),
                    ("Normalized values (z = min–max value + shift)", "标准化值（z = 极差标准化值 + 平移量）"),
                    (RC, Y, "indicator"))
WEIGHTS = Output("weights", "03", ("system", "dimension", "indicator", "entropy", "divergence", "weight"),
                 ("Indicator weights within each system", "各系统内的指标权重"))
SCORES = Output("scores", "03", (RC, Y, "system", "score"), ("Composite scores of the systems", "各系统综合得分"),
                (RC, Y, "system"))
DIMENSION_SCORES = Output("dimension_scores", "03", (RC, Y, "system", "dimension", "score"),
                          ("Dimension scores (they add up to the system score)", "维度得分（加总即系统得分）"),
                          (RC, Y, "system", "dimension"))
COUPLING = Output("coupling", "04", (RC, Y, "C", "T", "D", "grade", "grade_label", "grade_label_zh", "lag_type",
                                     "relative_development"),
                  ("Coupling degree C, comprehensive index T, coordination degree D, grades and lag types",
                   "耦合度C、综合协调指数T、耦合协调度D、协调等级与滞后类型"), (RC, Y))
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

DISPARITY = Output("disparity", "10", (Y, "measure", "method", "component", "value", "share"),
                   ("Inequality between regions: CV, Gini, Dagum and Theil decompositions",
                    "地区差异：变异系数、基尼系数、Dagum基尼系数分解与泰尔指数分解"), ("measure", "method", "component", Y))
DAGUM_GROUPS = Output("dagum_groups", "10", (Y, "measure", "group_a", "group_b", "G"),
                      ("Dagum's Gini within (a = b) and between region groups", "Dagum基尼系数的组内（a = b）与组间差异"),
                      ("measure", "group_a", "group_b", Y))
MARKOV = Output("markov", "11", ("kind", "neighbour_class", "from_class", "to_class", "count", "probability"),
                ("Markov transitions between coordination classes (counts beside probabilities)",
                 "协调类型的马尔可夫转移（概率及其所依据的转移次数）"))
FORECAST = Output("forecast", "11", (RC, "measure", Y, "value", "kind", "a", "b", "C", "P", "grade", "usable", "leaves_in",
                                     "note"),
                  ("GM(1,1) forecasts with the posterior-error test (stopped before leaving [0, 1])",
                   "GM(1,1)灰色预测及后验差检验（预测在超出[0, 1]之前终止）"),
                  ("measure", RC, "kind", Y))

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
VARIANTS = Output("variants", "13", ("variant", "weighting", "entropy_mode", "coupling_formula", "shift", "own", RC, Y,
                                     "D", "rank"),
                  ("D and its rank under every combination of weighting, coupling formula and shift",
                   "各赋权方法、耦合公式与平移量组合下的耦合协调度及排名"))
AGREEMENT = Output("agreement", "13", ("scope", "statistic", "variant_a", "variant_b", "value", "n"),
                   ("Agreement of the rankings of D between method variants (Spearman, Kendall, Kendall's W)",
                    "不同方法组合下耦合协调度排序的一致性（斯皮尔曼秩相关系数、肯德尔秩相关系数与肯德尔和谐系数W）"))
CLAIMS = Output("claims", "13", ("claim", "subject", "finding", "holds", "variants_total", "depends_on"),
                ("Headline conclusions checked under every method variant", "主要结论在各方法组合下的稳健性"))
BOOTSTRAP = Output("bootstrap", "13", ("quantity", "item", "estimate", "low", "high", "reps"),
                   ("Bootstrap 95 % intervals (regions resampled with their whole series)",
                    "Bootstrap 95%置信区间（按地区整体序列重抽样）"))
OUTPUTS: tuple[Output, ...] = (
    CLEAN_PANEL, IMPUTATION_LOG, INDICATOR_SYSTEM, NORMALIZED, WEIGHTS, SCORES, DIMENSION_SCORES, COUPLING,
    RANKING, GROUP_MEANS, DISPERSION, CLUSTERS, REFERENCE_URBANIZATION, POLICY_DOCUMENTS, KDE, OBSTACLES, GREY_RELATIONAL,
    SPATIAL_WEIGHTS, MORAN, LISA, HOT_SPOTS, CENTRE, DISPARITY, DAGUM_GROUPS, MARKOV, FORECAST,
    GEODETECTOR, INTERACTIONS, REGRESSION, DRIVER_AGREEMENT, VARIANTS, AGREEMENT, CLAIMS, BOOTSTRAP,
)
BY_FILE = {o.file: o for o in OUTPUTS}


def written_by(notebook: str) -> list[Output]:
    """The outputs of one notebook (``"04"``)."""
    return [o for o in OUTPUTS if o.notebook == notebook]
