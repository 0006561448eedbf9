"""Helper run by bench_gait_mobgap.py inside a separate environment that has mobgap 1.2.0.

Never imported by backstride; mobgap is not a dependency. Prints one JSON object on stdout:
per-trial results in backstride's contract shape (so the same evaluation code scores both) and the
time mobgap took on a tiled recording.
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")
LAB = Path(sys.argv[1])
TILE_MINUTES = float(sys.argv[2])

from mobgap.pipeline import MobilisedPipelineHealthy  # noqa: E402


class DataPoint:
    def __init__(self, data: np.ndarray, height_m: float, sensor_height_m: float, label: str) -> None:
        cols = ["acc_x", "acc_y", "acc_z", "gyr_x", "gyr_y", "gyr_z"]
        self.data_ss = pd.DataFrame(data, columns=cols)
        self.sampling_rate_hz = 100.0
        self.participant_metadata = {"cohort": "HA", "height_m": height_m, "sensor_height_m": sensor_height_m}
        self.recording_metadata = {"measurement_condition": "laboratory"}
        self.group_label = label


def _num(x: object) -> float | None:
    return None if x is None or pd.isna(x) else float(x)  # type: ignore[arg-type]


def to_contract(p: MobilisedPipelineHealthy) -> dict:
    fs = 100.0
    wbs = p.per_wb_parameters_
    strides = p.per_stride_parameters_
    bouts = []
    for wb_id, wb in wbs.iterrows():
        st = strides.loc[strides.index.get_level_values(0) == wb_id] if len(strides) else strides
        bouts.append(
            {
                "start_s": float(wb["start"]) / fs,
                "end_s": float(wb["end"]) / fs,
                "strides": [
                    {
                        "start_s": float(s["start"]) / fs,
                        "end_s": float(s["end"]) / fs,
                        "length_m": None
                        if pd.isna(s.get("stride_length_m"))
                        else float(s["stride_length_m"]),
                        "speed_mps": None
                        if pd.isna(s.get("walking_speed_mps"))
                        else float(s["walking_speed_mps"]),
                    }
                    for _, s in st.iterrows()
                ],
            }
        )
    ics = p.raw_ic_list_["ic"].to_numpy(dtype=float) / fs if len(p.raw_ic_list_) else np.empty(0)
    # keep contacts that lie inside an accepted bout, like backstride does
    keep = [t for t in ics if any(b["start_s"] <= t <= b["end_s"] for b in bouts)]
    return {"walking_bouts": bouts, "initial_contacts_s": keep}


out: dict = {"trials": {}}
datas = []
for imu in sorted(LAB.glob("HA/*/*/imu.csv")):
    participant = json.loads((imu.parent.parent / "participant.json").read_text())
    data = np.loadtxt(imu, delimiter=",", skiprows=1)[:, 1:7]
    datas.append(data)
    name = f"{imu.parent.parent.parent.name}/{imu.parent.parent.name}/{imu.parent.name}"
    dp = DataPoint(data, participant["height_m"], participant["sensor_height_m"], name)
    out["trials"][name] = to_contract(MobilisedPipelineHealthy().run(dp))

tiled = np.concatenate(datas)
n = int(TILE_MINUTES * 60 * 100)
tiled = np.tile(tiled, (-(-n // tiled.shape[0]), 1))[:n]
t0 = time.perf_counter()
MobilisedPipelineHealthy().run(DataPoint(tiled, 1.70, 0.90, "tiled"))
out["tiled_samples"] = n
out["tiled_seconds"] = time.perf_counter() - t0
print(json.dumps(out))
