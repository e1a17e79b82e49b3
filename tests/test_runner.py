"""Trustworthy runs: nothing half-written, locks, parallel and distributed runs, identical reruns,
manifest and verify, partial reruns, progress."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from conftest import (
    PIPELINE_DRAWS,
    PIPELINE_LANGUAGE,
    TINY_PANEL,
    TINY_TOML,
    raw_checksums,
    write_tiny_province,
)
from helpers.data.errors import UserError
from helpers.data.paths import numbered_notebooks
from helpers.pipeline.cli import main
from helpers.pipeline.manifest import checksums
from helpers.pipeline.runner import province_lock, run_many, run_many_dask, run_province

pytestmark = pytest.mark.slow  # runs notebooks


def output_sums(out: Path, province: str) -> dict[str, str]:
    """Tables, figures and thesis exports (the executed notebooks and the manifest record timings)."""
    folders = [out / "data" / "processed" / province, out / "figures" / province, out / "reports" / province]
    return {k: v for k, v in checksums(out, folders).items() if not k.endswith((".ipynb", "manifest.json"))}


def failing_notebooks(short: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "failing"
    shutil.copytree(short, folder)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell('province = "x"\ndata_dir = None\noutput_dir = None\nlanguage = "en"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell('raise RuntimeError("boom: the data broke")')]
    nbformat.write(nb, folder / "05_boom.ipynb")
    return folder


def test_failed_run_keeps_previous_results_and_the_failed_notebook(tiny_data, short_notebooks, tmp_path):
    out = tmp_path / "out"
    first = run_province("tiny", str(tiny_data), str(out), notebooks_dir=short_notebooks, progress=None)
    assert first.ok
    before = output_sums(out, "tiny")
    manifest_before = (out / "reports" / "tiny" / "manifest.json").read_bytes()
    (tiny_data / "tiny" / "panel.csv").write_text(TINY_PANEL.replace("6800", "6900"), encoding="utf-8")  # new data
    failed = run_province("tiny", str(tiny_data), str(out), notebooks_dir=failing_notebooks(short_notebooks, tmp_path),
                          progress=None)
    assert not failed.ok
    assert "05_boom.ipynb failed: cell 3 (raise RuntimeError(\"boom: the data broke\")) raised RuntimeError: boom: the data broke" in failed.message
    assert output_sums(out, "tiny") == before                       # previous results untouched
    assert (out / "reports" / "tiny" / "manifest.json").read_bytes() == manifest_before
    kept = out / "reports" / ".failed" / "tiny" / "05_boom.ipynb"
    assert kept.is_file() and "boom: the data broke" in kept.read_text(encoding="utf-8")
    assert not any((out / ".staging").iterdir())                    # no half-written staging left
    # the next successful run replaces the results and clears the failure
    again = run_province("tiny", str(tiny_data), str(out), notebooks_dir=short_notebooks, progress=None)
    assert again.ok and output_sums(out, "tiny") != before and not kept.exists()


def test_a_second_run_of_the_same_province_refuses(tiny_data, short_notebooks, tmp_path):
    out = tmp_path / "out"
    with province_lock(out, "tiny"):
        with pytest.raises(UserError, match="another run of 'tiny' is in progress"):
            run_province("tiny", str(tiny_data), str(out), notebooks_dir=short_notebooks, progress=None)
    assert not (out / "data").exists()


def test_two_provinces_in_parallel_keep_their_files_apart(tiny_data, short_notebooks, tmp_path):
    write_tiny_province(tiny_data, toml=TINY_TOML.replace('slug = "tiny"', 'slug = "tiny2"'),
                        panel=TINY_PANEL.replace("5000", "5100"), slug="tiny2")
    out = tmp_path / "out"
    messages: list[str] = []
    runs = run_many(["tiny", "tiny2"], jobs=2, progress=None, data_dir=str(tiny_data), output_dir=str(out),
                    notebooks_dir=short_notebooks)
    assert [r.ok for r in runs] == [True, True]
    for province in ("tiny", "tiny2"):
        manifest = json.loads((out / "reports" / province / "manifest.json").read_text(encoding="utf-8"))
        assert all(f"/{province}/" in path for path in manifest["outputs"])
    assert output_sums(out, "tiny").keys() != output_sums(out, "tiny2").keys()
    assert not messages


def test_progress_manifest_and_verify(tiny_data, short_notebooks, tmp_path, capsys):
    out = tmp_path / "out"
    messages: list[str] = []
    run_province("tiny", str(tiny_data), str(out), notebooks_dir=short_notebooks, progress=messages.append,
                 parameters={"coupling_formula": "wang"})
    # progress: province, notebook and elapsed time on every line
    messages = [m for m in messages if not m.startswith(("[tiny] note:", "    "))]   # the data notes come first
    assert messages[0] == "[tiny] 01_data_cleaning (1/4) started, 0 s elapsed"
    assert any(m.startswith("[tiny] 04_coupling_model done in") for m in messages)
    assert messages[-1].startswith("[tiny] finished 4 notebook(s) in")
    manifest = json.loads((out / "reports" / "tiny" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["coupling_formula"] == "wang" and manifest["options"]["coupling_formula"] == "wang"
    assert {"python", "packages"} <= set(manifest["environment"]) and manifest["environment"]["packages"]["pandas"]
    assert "commit" in manifest["git"]
    assert set(manifest["inputs"]) >= {"tiny/panel.csv", "tiny/province.toml", "reference/census_prefectures.csv"}
    assert [n["name"] for n in manifest["notebooks"]] == sorted(p.name for p in short_notebooks.glob("*.ipynb"))
    assert "data/processed/tiny/coupling.csv" in manifest["outputs"]
    assert main(["verify", "--province", "tiny", "--output-dir", str(out)]) == 0
    coupling = out / "data" / "processed" / "tiny" / "coupling.csv"
    coupling.write_bytes(coupling.read_bytes() + b"\n")
    assert main(["verify", "--province", "tiny", "--output-dir", str(out)]) == 1
    assert "coupling.csv: changed since the run" in capsys.readouterr().out


def test_partial_rerun_reuses_earlier_outputs(tiny_data, short_notebooks, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(UserError, match="need the results of a full run"):
        run_province("tiny", str(tiny_data), str(out), only=["04"], notebooks_dir=short_notebooks, progress=None)
    run_province("tiny", str(tiny_data), str(out), notebooks_dir=short_notebooks, progress=None)
    before = output_sums(out, "tiny")
    run = run_province("tiny", str(tiny_data), str(out), only=["04"], parameters={"coupling_formula": "fan"},
                       notebooks_dir=short_notebooks, progress=None)
    after = output_sums(out, "tiny")
    assert run.ok and [n.name for n in run.notebooks] == ["04_coupling_model.ipynb"]
    changed = {k for k in after if after[k] != before.get(k)}
    assert "data/processed/tiny/coupling.csv" in changed
    assert "data/processed/tiny/weights.csv" not in changed and len(after) == len(before)
    with pytest.raises(UserError, match="no notebook numbered 09"):
        run_province("tiny", str(tiny_data), str(out), start="09", notebooks_dir=short_notebooks, progress=None)


def test_dask_local_cluster_runs_provinces(tiny_data, short_notebooks, tmp_path):
    from distributed import LocalCluster

    write_tiny_province(tiny_data, toml=TINY_TOML.replace('"synthetic-demo"', '"maybe"'), slug="broken")
    out = tmp_path / "out"
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        runs = run_many_dask(["tiny", "broken"], cluster.scheduler_address, progress=None, data_dir=str(tiny_data),
                             output_dir=str(out), notebooks_dir=short_notebooks)
    assert [r.province for r in runs] == ["tiny", "broken"]
    assert runs[0].ok and (out / "data" / "processed" / "tiny" / "coupling.csv").is_file()
    assert not runs[1].ok and "data_status" in runs[1].message
    assert not (out / "data" / "processed" / "broken").exists()


def test_run_all_continues_past_a_failing_province(tiny_data, short_notebooks, tmp_path, capsys):
    write_tiny_province(tiny_data, panel=TINY_PANEL.replace("5000", "five thousand"), slug="broken",
                        toml=TINY_TOML.replace('slug = "tiny"', 'slug = "broken"'))
    out = tmp_path / "out"
    code = main(["run", "--all", "--jobs", "2", "--notebook-jobs", "2", "--data-dir", str(tiny_data), "--output-dir", str(out),
                 "--notebooks-dir", str(short_notebooks)])
    captured = capsys.readouterr()
    assert code == 1
    lines = captured.out.splitlines()
    assert lines[0].split()[:2] == ["province", "status"]
    assert any(line.startswith("broken") and "FAILED" in line for line in lines)
    assert any(line.startswith("tiny") and " ok " in line for line in lines)
    assert "'five thousand' is not a number" in captured.err
    # the notebooks of --notebooks-dir ran, and only they (every notebook on three regions: tests/test_rendering.py)
    assert sorted(p.name for p in (out / "reports" / "tiny").glob("*.ipynb")) == sorted(
        p.name for p in numbered_notebooks(short_notebooks))
    assert (out / "data" / "processed" / "tiny" / "coupling.csv").is_file()


def test_rerun_with_notebooks_in_parallel_is_byte_identical(pipeline_output, tmp_path):
    # the fixture ran the notebooks one after the other; here notebooks 05–13 (every seeded method, the
    # figures and the reports) run again, two at a time, on a copy of the results
    again = tmp_path / "again"
    for part in ("data/processed/qinghai", "figures/qinghai", "reports/qinghai"):
        shutil.copytree(pipeline_output / part, again / part)
    assert run_province("qinghai", output_dir=str(again), progress=None, notebook_jobs=2, start="05",
                        parameters={"language": PIPELINE_LANGUAGE["qinghai"], **PIPELINE_DRAWS}).ok
    first, second = output_sums(pipeline_output, "qinghai"), output_sums(again, "qinghai")
    assert first.keys() == second.keys() and len(first) > 20
    assert [k for k in first if first[k] != second[k]] == []


def test_raw_data_are_unchanged_by_runs(pipeline_output):
    before = json.loads((pipeline_output / "raw_before.json").read_text(encoding="utf-8"))
    assert raw_checksums() == before


def test_kernels_are_not_interrupted_when_they_are_shut_down():
    """jupyter_client's SIGINT before shutdown made successful runs log 'KeyboardInterrupt caught in kernel'."""
    import asyncio
    import signal

    from helpers.pipeline.runner import _ensure_kernel_path, kernel_manager

    _ensure_kernel_path()

    async def scenario():
        km = kernel_manager("01_data_cleaning")(kernel_name="python3")
        await km.start_kernel()
        sent = []
        original = km._async_signal_kernel

        async def record(signum):
            sent.append(signum)
            await original(signum)

        km._async_signal_kernel = record
        await km.interrupt_kernel()     # an interrupt asked for (a cell timeout) still goes through
        await km.shutdown_kernel()
        return sent

    assert asyncio.run(scenario()) == [signal.SIGINT]


@pytest.mark.slow
def test_many_kernels_start_at_once_without_colliding():
    """Kernels started at the same moment (parallel notebooks and provinces) must not share a socket:
    over TCP, ports picked free and bound later collided ("Address already in use"). Each kernel
    here talks over its own Unix sockets and knows which notebook it runs."""
    import asyncio

    from helpers.pipeline.runner import NOTEBOOK_ENV, _ensure_kernel_path, kernel_manager

    _ensure_kernel_path()

    async def one(i):
        km = kernel_manager(f"{i:02d}_notebook")(kernel_name="python3")
        await km.start_kernel()
        client = km.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=120)
            reply = await client.execute_interactive(f"import os; print(os.environ['{NOTEBOOK_ENV}'], 6 * {i})",
                                                     timeout=60, output_hook=lambda m: seen.append(m))
            assert reply["content"]["status"] == "ok"
            return km.get_connection_info()
        finally:
            client.stop_channels()
            await km.shutdown_kernel(now=True)

    seen: list = []

    async def all_at_once():
        return await asyncio.gather(*[one(i) for i in range(8)])

    infos = asyncio.run(all_at_once())
    assert {info["transport"] for info in infos} == {"ipc"} and len({info["ip"] for info in infos}) == 8
    printed = {m["content"]["text"].strip() for m in seen if m["msg_type"] == "stream"}
    assert printed == {f"{i:02d}_notebook {6 * i}" for i in range(8)}


def test_notebooks_wait_for_the_notebooks_they_read_from():
    from helpers.pipeline.runner import (
        NotebookResult,
        _run_in_order_of_reads,
        notebook_dependencies,
    )

    notebooks = numbered_notebooks()
    needs = notebook_dependencies(notebooks)
    number = {p: p.name[:2] for p in notebooks}
    assert {number[p] for p in needs[notebooks[0]]} == set()
    robustness = next(p for p in notebooks if number[p] == "13")
    assert {number[p] for p in needs[robustness]} == {"01", "02", "04"}
    dynamics = next(p for p in notebooks if number[p] == "11")
    assert "09" in {number[p] for p in needs[dynamics]}          # it reads the spatial weights
    assert all(number[d] < number[p] for p in notebooks for d in needs[p])

    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    started, lock = [], threading.Lock()

    def execute(path, position, lane):
        with lock:
            started.append(number[path])
            finished = {number[p] for p in notebooks if number[p] in done}
        assert {number[d] for d in needs[path]} <= finished, number[path]
        time.sleep(0.01)
        with lock:
            done.add(number[path])
        return NotebookResult(path.name, 0.01, number[path] != "06")     # 06 fails

    done: set[str] = set()
    lanes = [ThreadPoolExecutor(max_workers=1) for _ in range(3)]
    results = _run_in_order_of_reads(notebooks, execute, lanes)
    names = [r.name[:2] for r in results]
    assert names == sorted(names) and "06" in names and not results[names.index("06")].ok
    # after the failure nothing new started: the notebooks still to start then are missing
    assert len(results) < len(notebooks)


@pytest.mark.slow
def test_a_kernel_lane_gives_each_notebook_what_a_fresh_kernel_would(tmp_path):
    """Notebooks of a run share a kernel per lane: none sees the names, figures, history or shown
    warnings of the one before, each knows its own name, and a failure replaces the kernel."""
    import papermill

    from helpers.pipeline.runner import KERNEL, NOTEBOOK_ENV, KernelLane, _ensure_kernel_path

    _ensure_kernel_path()
    (tmp_path / "warner.py").write_text("import warnings\n\ndef warn():\n    warnings.warn('shown by every notebook')\n")
    setup = f"import os, sys\nsys.path.insert(0, {str(tmp_path)!r})\nimport matplotlib.pyplot as plt, warner\n"
    cells = {"a": [setup, "leftover = plt.figure()\nwarner.warn()", "print(os.getpid())"],
             "b": [setup, "assert 'leftover' not in globals() and plt.get_fignums() == []\nwarner.warn()",
                   f"print(os.environ[{NOTEBOOK_ENV!r}], os.getpid())"],
             "c": ["raise RuntimeError('boom')"],
             "d": ["import os\nprint(os.getpid())"]}

    def execute(name, lane):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3", "language": "python"}
        nb.cells = [nbformat.v4.new_code_cell(source) for source in cells[name]]
        nbformat.write(nb, tmp_path / f"{name}.ipynb")
        try:
            return papermill.execute_notebook(str(tmp_path / f"{name}.ipynb"), str(tmp_path / f"{name}-out.ipynb"),
                                              kernel_name=KERNEL, km=lane.kernel(name), progress_bar=False)
        except Exception:   # noqa: BLE001 - as the runner does
            lane.discard()
            return None

    lane = KernelLane()
    try:
        a, b, c, d = (lane.submit(execute, name, lane).result() for name in "abcd")
    finally:
        lane.close()

    def streams(nb, name):
        return [o["text"] for cell in nb.cells for o in cell.outputs if o.get("name") == name]

    pid = streams(a, "stdout")[0].strip()
    assert streams(b, "stdout") == [f"b {pid}\n"]                      # the same kernel, its own name
    assert [cell.execution_count for cell in b.cells] == [1, 2, 3]    # counted from 1, no history error
    assert all("shown by every notebook" in "".join(streams(nb, "stderr")) for nb in (a, b))
    assert not any("ERROR" in text for nb in (a, b) for text in streams(nb, "stderr") + streams(nb, "stdout"))
    assert c is None and streams(d, "stdout")[0].strip() != pid           # a fresh kernel after the failure
