"""Runs inside the benchmark-only mobgap venv (benchmarks/.venv-mobgap), never in backstride's.

Started as a subprocess by ``benchmarks/bench_peer_mobgap.py``; it writes plain JSON so the
parent (backstride's venv) scores mobgap's output with backstride's own evaluation code.

    accuracy LAB_DIR OUT.json        mobgap's MobilisedPipelineHealthy on every lab trial, loaded
                                     with mobgap's own loader from original/data/lab/HA/*/data.mat
    throughput REC.npz RUNS OUT.json the same pipeline on a tiled recording, RUNS timed runs
                                     (one untimed warm-up run on the first minute first)
    icd LAB_DIR OUT.json             each of mobgap's contact detectors alone, the way mobgap evaluates
                                     them: IcdEmulationPipeline runs it on each INDIP walking bout cut out
                                     of the trial (so it is told where walking is)

Times are seconds on the sample axis of the recording (sample index / sampling rate), the time base
of ``reference.json`` and of backstride's results.
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from pathlib import Path
from typing import Any


def _pipeline_output(pipe: Any, fs: float) -> dict[str, Any]:
    """The pipeline's walking bouts, strides and contacts in the shape backstride's evaluation reads."""
    wbs = pipe.per_wb_parameters_
    strides = pipe.per_stride_parameters_
    raw_ics = sorted(int(x) for x in pipe.raw_ic_list_["ic"].to_numpy())
    bouts = []
    final_ics: list[float] = []
    for wb_id, wb in wbs.iterrows():
        start, end = int(wb["start"]), int(wb["end"])
        per_stride = strides.loc[wb_id] if wb_id in strides.index.get_level_values(0) else strides.iloc[:0]
        bouts.append(
            {
                "start_s": start / fs,
                "end_s": end / fs,
                "cadence_spm": _num(wb.get("cadence_spm")),
                "stride_length_m": _num(wb.get("stride_length_m")),
                "walking_speed_mps": _num(wb.get("walking_speed_mps")),
                "strides": [
                    {
                        "start_s": int(s["start"]) / fs,
                        "end_s": int(s["end"]) / fs,
                        "length_m": _num(s.get("stride_length_m")),
                        "speed_mps": _num(s.get("walking_speed_mps")),
                    }
                    for _, s in per_stride.iterrows()
                ],
            }
        )
        final_ics.extend(i / fs for i in raw_ics if start <= i <= end)
    return {
        "walking_bouts": bouts,
        "initial_contacts_s": sorted(final_ics),
        "raw_initial_contacts_s": [i / fs for i in raw_ics],
    }


def _lab_dataset(lab: Path) -> Any:
    """The lab trials loaded with mobgap's own loader from the original ``data.mat`` files."""
    from mobgap.data import GenericMobilisedDataset

    return GenericMobilisedDataset(
        sorted((lab / "original" / "data" / "lab").rglob("data.mat")),
        test_level_names=("time_measure", "test", "trial"),
        parent_folders_as_metadata=["cohort", "participant_id"],
        measurement_condition="laboratory",
        reference_system="INDIP",
    )


def _trial_name(dp: Any) -> str:
    g = dp.group_label
    return f"{g.cohort}/{g.participant_id}/{g.time_measure}_{g.test}_{g.trial}"


def _num(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if v == v else None


def accuracy(lab: Path, out: Path) -> None:
    from mobgap.pipeline import MobilisedPipelineHealthy

    results = {}
    for dp in _lab_dataset(lab):
        name = _trial_name(dp)
        t0 = time.perf_counter()
        pipe = MobilisedPipelineHealthy().run(dp)
        seconds = time.perf_counter() - t0
        results[name] = {**_pipeline_output(pipe, float(dp.sampling_rate_hz)), "seconds": seconds}
    out.write_text(json.dumps(results))


def icd(lab: Path, out: Path) -> None:
    from mobgap.initial_contacts import IcdHKLeeImproved, IcdIonescu, IcdShinImproved
    from mobgap.initial_contacts.pipeline import IcdEmulationPipeline

    results: dict[str, dict[str, list[float]]] = {}
    for algo in (IcdIonescu(), IcdShinImproved(), IcdHKLeeImproved()):
        per_trial = results.setdefault(type(algo).__name__, {})
        for dp in _lab_dataset(lab):
            if len(dp.reference_parameters_.ic_list) == 0:
                continue  # no INDIP bout: nothing to run the detector on
            fs = float(dp.sampling_rate_hz)
            ics = IcdEmulationPipeline(algo).safe_run(dp).ic_list_["ic"].to_numpy()
            per_trial[_trial_name(dp)] = sorted(float(i) / fs for i in ics)
    out.write_text(json.dumps(results))


def throughput(npz: Path, runs: int, out: Path) -> None:
    import numpy as np
    import pandas as pd
    from mobgap.data import GaitDatasetFromData
    from mobgap.pipeline import MobilisedPipelineHealthy

    rec = np.load(npz)
    fs = float(rec["fs"])
    participant = {
        "cohort": "HA",
        "height_m": float(rec["height_m"]),
        "sensor_height_m": float(rec["sensor_height_m"]),
    }

    def dataset(n: int) -> Any:
        cols = ["acc_x", "acc_y", "acc_z", "gyr_x", "gyr_y", "gyr_z"]
        df = pd.DataFrame(np.hstack([rec["acc_mps2"][:n], rec["gyr_dps"][:n]]), columns=cols)
        return GaitDatasetFromData(
            {"tiled": {"LowerBack": df}},
            fs,
            {"tiled": participant},
            {"tiled": {"measurement_condition": "free_living"}},
        )[0]

    n = int(rec["acc_mps2"].shape[0])
    MobilisedPipelineHealthy().run(dataset(int(60 * fs)))  # warm-up: numba compilation, model loading
    dp = dataset(n)
    times = []
    n_wbs = 0
    for _ in range(runs):
        t0 = time.perf_counter()
        pipe = MobilisedPipelineHealthy().run(dp)
        times.append(time.perf_counter() - t0)
        n_wbs = len(pipe.per_wb_parameters_)
    out.write_text(json.dumps({"n_samples": n, "seconds": times, "n_walking_bouts": n_wbs}))


def main(argv: list[str]) -> int:
    warnings.simplefilter("ignore")
    if len(argv) == 3 and argv[0] == "accuracy":
        accuracy(Path(argv[1]), Path(argv[2]))
    elif len(argv) == 3 and argv[0] == "icd":
        icd(Path(argv[1]), Path(argv[2]))
    elif len(argv) == 4 and argv[0] == "throughput":
        throughput(Path(argv[1]), int(argv[2]), Path(argv[3]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
