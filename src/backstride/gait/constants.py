"""Literature constants for gait analysis, in one place, each with its source.

Source keys in brackets refer to ../shared/clinical/EVIDENCE.md section D (and the papers named).
Constants marked *design* are choices of this project, not evidence; they are exposed in every
result under ``parameters`` so a reader can see what produced a number.
"""

from __future__ import annotations

from backstride.core.units import STANDARD_GRAVITY_MPS2

G_MPS2 = STANDARD_GRAVITY_MPS2

# --- Walking bouts: Mobilise-D consensus (Kluge et al. 2021, PLoS One 16:e0250326; mobgap docs) ------
WB_MAX_BREAK_S = 3.0  # a pause longer than 3 s ends a walking bout
WB_MIN_STRIDES = 2  # a bout has at least two consecutive strides (one of each foot)
STRIDE_DURATION_RANGE_S = (0.2, 3.0)  # plausible stride durations
STRIDE_LENGTH_MIN_M = 0.15  # shorter "strides" are not walking

# --- Stride length: inverted pendulum (Zijlstra & Hof 2003, Gait Posture 18:1-10) ---------------------
# step length = K * 2 * sqrt(2 * l * h - h^2), h = vertical excursion of the sensor during the step,
# l = pendulum length (height of the sensor above the floor, approximately the leg length).
PENDULUM_CORRECTION_K = 1.25  # Zijlstra & Hof 2003: mean ratio of true to modelled step length
# Leg (greater trochanter) height as a fraction of body height: Winter, Biomechanics and Motor Control
# of Human Movement, 4th ed. 2009, segment-length table (0.530 H). Used when sensor height is unknown.
LEG_LENGTH_PER_HEIGHT = 0.530
DEFAULT_HEIGHT_CM = 170.0  # design: used (and flagged) when the person gives no height

# --- Normal ranges used by the gait factors (EVIDENCE.md D.1, D.2, D.7) --------------------------------
CADENCE_NORMAL_SPM = (81.0, 138.0)  # laboratory cadence across the lifespan [D2]
SPEED_NORM_LOWEST_MPS = 0.943  # slowest age/sex stratum mean (women 80-99 y) [D1]
SPEED_NORM_HIGHEST_MPS = 1.434  # fastest stratum mean (men 40-49 y) [D1]
STEP_LENGTH_PER_HEIGHT_YOUNG = 0.433  # mean, SD 0.035, young adults [D3]
STEP_LENGTH_PER_HEIGHT_YOUNG_SD = 0.035  # [D3]
PELVIC_ROTATION_NORMAL_DEG = 8.0  # about +-4 deg transverse rotation [D4]
TRUNK_ANGLE_MDC_DEG = 10.0  # minimal detectable change of IMU sagittal angles 10-15 deg [C13]
# design: more forward-and-back tipping per stride than a pelvis makes. A pelvis tips 2-4 deg [D4] and IMU
# ranges carry 5-15 deg of measurement error [C13]; 30 leaves room beyond both. The lab's lower-back sensor
# gives at most 11 deg over a recording (median of its bouts) and 27 in its most bent bout; phones with no
# stated wear position and the Axivity samples with a gyroscope 34-76 deg over a recording (a thigh or a
# hand swings that much).
PELVIS_TILT_RANGE_MAX_DEG = 30.0

# --- Gait-factor thresholds (design synthesis per EVIDENCE.md D.6-D.7, not validated cut-offs) ---------
LONG_STEP_PER_HEIGHT = STEP_LENGTH_PER_HEIGHT_YOUNG + 2 * STEP_LENGTH_PER_HEIGHT_YOUNG_SD  # 0.503
HIGH_IMPACT_G = 2.0  # design: lower-back peak at initial contact; [D9] gives no walking cut-off
LIMITED_PELVIC_ROTATION_DEG = PELVIC_ROTATION_NORMAL_DEG / 2  # design: half the normal range [D4][D6]
# design: step-time asymmetry; exploratory only [D5][D6][D8]. Single-sensor asymmetry agrees poorly with
# walkways [D5] and healthy lab walks here reach 7-17 %, so the bar is high to avoid false alarms.
UNEVEN_STEPS_PCT = 20.0
FORWARD_TRUNK_LEAN_DEG = 15.0  # design: beyond the 10-15 deg MDC of IMU sagittal angles [C13]
SLOW_SPEED_MPS = SPEED_NORM_LOWEST_MPS  # below the slowest age/sex norm [D1]

__all__ = [name for name in dir() if name.isupper()]
