"""The Apple Health reader (diary.apple_health): real excerpts, every unit, the export's quirks, zips,
refusals and flat memory on a large generated file."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from tests.conftest import FORMATS

from backstride.core.errors import RecordingError
from backstride.diary.apple_health import AppleHealthReader

APPLE_HEALTH = FORMATS / "apple_health"
T = "HKQuantityTypeIdentifier"
BROKEN_DTD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 14 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST VisionPrescription
  type CDATA #REQUIRED
  dateIssued CDATA #REQUIRED
<!ELEMENT Record (MetadataEntry*)>
]>
"""


def record(
    kind: str, value: object, unit: str, start: str = "2024-03-01 10:00:00 +0000", source: str = "Jo’s iPhone"
) -> str:
    return (
        f'<Record type="{T}{kind}" sourceName="{source}" sourceVersion="17.1" '
        f'device="&lt;&lt;HKDevice: 0x2&gt;, name:iPhone&gt;" unit="{unit}" '
        f'creationDate="{start}" startDate="{start}" endDate="{start}" value="{value}"/>'
    )


def export(*records: str, head: str = "") -> bytes:
    body = "\n ".join(records)
    return (
        f'{head}<HealthData locale="en_GB">\n <ExportDate value="2024-04-01 08:00:00 +0100"/>\n'
        f" {body}\n</HealthData>\n"
    ).encode()


def read(data: bytes, name: str = "export.xml") -> AppleHealthReader:
    return AppleHealthReader().read(io.BytesIO(data), name=name)


def one_day(data: bytes) -> dict[str, object]:
    days = read(data).days_
    assert len(days) == 1
    return days[0].to_dict()


# -- the two real excerpts (values checked by hand against the XML) --------------------------------


def test_the_2016_export_gives_two_days_of_steps_and_distance() -> None:
    reader = AppleHealthReader().read(APPLE_HEALTH / "tdda__applehealthdata" / "export6s3sample.xml")
    steps_day, distance_day = reader.days_
    # 329+283+426+61+10+200+390+320+216+282 steps on 13 September 2014
    assert steps_day.day == date(2014, 9, 13)
    assert steps_day.steps == 2517
    assert steps_day.distance_m is None
    # 0.00288+0.00284+0.00142+0.00639+0.0059 km on 20 September 2014
    assert distance_day.day == date(2014, 9, 20)
    assert distance_day.distance_m == pytest.approx(19.43)
    assert distance_day.steps is None
    assert distance_day.walking_speed_mps is None
    assert reader.sources_ == ("Health",)
    assert reader.records_["steps"] == 10 and reader.records_["distance_m"] == 5
    assert reader.export_date_ == "2016-04-15 07:27:26 +0100"
    assert reader.notes_[0] == "2 days of everyday walking, from 2014-09-13 to 2014-09-20."
    assert "10 step count records, 5 walking distance records" in reader.notes_[1]
    # the app that wrote the records, not "Sources: Health.": every page says "Sources:" only for
    # evidence keys (new-user test, helper U)
    assert reader.notes_[2] == "Recorded by: Health."
    assert not any(n.startswith("Sources:") for n in reader.notes_)


def test_the_2019_excerpt_has_no_walking_records_and_is_refused_by_name() -> None:
    with pytest.raises(RecordingError, match=r"export\.xml has no walking records \(steps"):
        AppleHealthReader().read(APPLE_HEALTH / "simonw__healthkit-to-sqlite" / "export.xml")


# -- units ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value", "unit", "measure", "si"),
    [
        ("WalkingSpeed", "3.6", "km/hr", "walking_speed_mps", 1.0),
        ("WalkingSpeed", "2.52774", "mi/hr", "walking_speed_mps", 2.52774 * 1609.344 / 3600),
        ("WalkingSpeed", "1.25", "m/s", "walking_speed_mps", 1.25),
        ("WalkingStepLength", "70", "cm", "step_length_m", 0.70),
        ("WalkingStepLength", "17.3228", "in", "step_length_m", 17.3228 * 0.0254),
        ("WalkingStepLength", "0.66", "m", "step_length_m", 0.66),
        ("DistanceWalkingRunning", "1.5", "km", "distance_m", 1500.0),
        ("DistanceWalkingRunning", "2", "mi", "distance_m", 3218.688),
        ("DistanceWalkingRunning", "120", "m", "distance_m", 120.0),
        ("WalkingAsymmetryPercentage", "0.07", "%", "asymmetry_fraction", 0.07),
        ("WalkingDoubleSupportPercentage", "0.294", "%", "double_support_fraction", 0.294),
        ("SixMinuteWalkTestDistance", "500", "m", "six_minute_walk_m", 500.0),
        ("StepCount", "155", "count", "steps", 155),
    ],
)
def test_every_unit_becomes_si(kind: str, value: str, unit: str, measure: str, si: float) -> None:
    day = one_day(export(record(kind, value, unit)))
    assert day[measure] == pytest.approx(si)
    others = {"day", "counted_by", measure, *({"steps", "distance_m"} & {measure})}
    assert all(v is None for k, v in day.items() if k not in others)


@pytest.mark.parametrize(
    ("kind", "unit"), [("WalkingSpeed", "ft/s"), ("WalkingStepLength", "furlong"), ("StepCount", "")]
)
def test_an_unknown_unit_is_refused_by_name(kind: str, unit: str) -> None:
    with pytest.raises(
        RecordingError, match=f"has the unit '{unit}', which backstride does not know; expected one of"
    ):
        read(export(record("StepCount", 10, "count"), record(kind, 1, unit)))


# -- days, sums, means, sources ------------------------------------------------------------------------


def test_a_day_is_the_local_day_at_the_records_own_offset() -> None:
    reader = read(
        export(
            record("StepCount", 100, "count", "2024-03-01 23:30:00 -0800"),  # 07:30 UTC on the 2nd
            record("StepCount", 40, "count", "2024-03-02 00:10:00 +0100"),  # 23:10 UTC on the 1st
        )
    )
    assert [(d.day, d.steps) for d in reader.days_] == [(date(2024, 3, 1), 100), (date(2024, 3, 2), 40)]


def test_steps_and_distance_are_summed_and_the_rest_averaged_per_day() -> None:
    day = one_day(
        export(
            record("StepCount", 1200, "count"),
            record("StepCount", 800, "count", "2024-03-01 18:00:00 +0000"),
            record("DistanceWalkingRunning", 0.9, "km"),
            record("DistanceWalkingRunning", 0.6, "km"),
            record("WalkingSpeed", 3.6, "km/hr"),
            record("WalkingSpeed", 4.5, "km/hr"),
            record("WalkingDoubleSupportPercentage", 0.30, "%"),
            record("WalkingDoubleSupportPercentage", 0.32, "%"),
        )
    )
    assert day["steps"] == 2000
    assert day["distance_m"] == pytest.approx(1500.0)
    assert day["walking_speed_mps"] == pytest.approx(1.125)
    assert day["double_support_fraction"] == pytest.approx(0.31)


def test_an_iphone_and_a_watch_counting_the_same_day_are_never_added_up() -> None:
    reader = read(
        export(
            record("StepCount", 3000, "count", source="Jo’s iPhone"),
            record("StepCount", 2500, "count", source="Jo’s iPhone"),
            record("StepCount", 5200, "count", source="Jo’s Apple Watch"),
            record("DistanceWalkingRunning", 4.0, "km", source="Jo’s iPhone"),
            record("DistanceWalkingRunning", 3.9, "km", source="Jo’s Apple Watch"),
            record("StepCount", 900, "count", "2024-03-02 09:00:00 +0000", source="Jo’s Apple Watch"),
        )
    )
    first, second = reader.days_
    assert (first.steps, first.counted_by, first.distance_m) == (5500, "Jo’s iPhone", 4000.0)
    assert (second.steps, second.counted_by) == (900, "Jo’s Apple Watch")
    assert any("On 1 day more than one device" in n and "not added up" in n for n in reader.notes_)
    assert reader.sources_ == ("Jo’s Apple Watch", "Jo’s iPhone")


def test_records_inside_a_correlation_and_other_types_are_not_counted() -> None:
    reader = read(
        export(
            record("StepCount", 10, "count"),
            '<Correlation type="HKCorrelationTypeIdentifierFood" sourceName="x" '
            'startDate="2024-03-01 10:00:00 +0000" endDate="2024-03-01 10:00:00 +0000">'
            + record("StepCount", 99999, "count")
            + "</Correlation>",
            record("HeartRate", 72, "count/min"),
        )
    )
    assert [d.steps for d in reader.days_] == [10]
    assert any(n.startswith("1 other record (heart") for n in reader.notes_)  # the heart rate


def test_impossible_values_are_left_out_and_said() -> None:
    reader = read(
        export(
            record("StepCount", 10, "count"),
            record("StepCount", -5, "count"),
            record("WalkingAsymmetryPercentage", 7, "%"),  # 700%: not a fraction
            record("WalkingSpeed", "fast", "m/s"),
            record("StepCount", 3, "count", start="yesterday"),
        )
    )
    assert [(d.steps, d.asymmetry_fraction, d.walking_speed_mps) for d in reader.days_] == [(10, None, None)]
    assert any(
        n.startswith("4 walking records with a date or value that cannot be right") for n in reader.notes_
    )


# -- the export's quirks and the zip -------------------------------------------------------------------


def test_the_broken_ios16_dtd_and_stray_control_characters_are_tolerated() -> None:
    data = export(
        record("StepCount", 10, "count", source="Jo\x0bs iPhone"),
        record("StepCount", 5, "count", source="Jo&#x0B;s iPhone&#11;"),
        head=BROKEN_DTD,
    )
    day = one_day(data)
    assert day["steps"] == 15 and day["counted_by"] == "Jos iPhone"


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


XML = export(record("StepCount", 4321, "count"), head=BROKEN_DTD)


@pytest.mark.parametrize("member", ["apple_health_export/export.xml", "Export/export.xml", "export.xml"])
def test_the_xml_is_read_from_inside_a_zip(member: str) -> None:
    data = zipped({"apple_health_export/export_cda.xml": b"<ClinicalDocument/>", member: XML})
    assert [d.steps for d in read(data, "export.zip").days_] == [4321]


def test_the_apple_folder_is_preferred_to_another_export_xml(tmp_path: Path) -> None:
    other = export(record("StepCount", 1, "count"))
    path = tmp_path / "export.zip"
    path.write_bytes(zipped({"old/export.xml": other, "apple_health_export/export.xml": XML}))
    assert [d.steps for d in AppleHealthReader().read(path).days_] == [4321]


# -- refusals ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", r"export\.xml is empty; expected the export\.zip"),
        (XML[: len(XML) // 2], r"ends too early \(cut off after"),
        (b"time,acc_x\n0,1\n", r"is not an Apple Health export \(it has no <HealthData> element\)"),
        (b"<?xml version='1.0'?><gpx><trk/></gpx>", r"not an Apple Health export"),
        (XML.replace(b"<ExportDate", b"<Export Date"), r"is damaged: its XML cannot be read near line"),
        (export(), r"has no walking records"),
    ],
)
def test_a_file_that_cannot_be_used_is_refused_by_name(data: bytes, message: str) -> None:
    with pytest.raises(RecordingError, match=message):
        read(data)


def test_a_zip_without_export_xml_a_cut_off_zip_and_a_damaged_zip_are_refused() -> None:
    with pytest.raises(RecordingError, match=r"export\.zip is a zip without an export\.xml inside"):
        read(zipped({"apple_health_export/export_cda.xml": XML}), "export.zip")
    whole = zipped({"apple_health_export/export.xml": XML * 1})
    with pytest.raises(RecordingError, match=r"export\.zip is a damaged or cut-off zip"):
        read(whole[: len(whole) - 30], "export.zip")
    start = whole.index(b"export.xml") + len("export.xml")  # the deflated bytes follow the name
    damaged = whole[:start] + bytes(b ^ 0xFF for b in whole[start : start + 40]) + whole[start + 40 :]
    with pytest.raises(RecordingError, match=r"export\.zip is a damaged or cut-off zip"):
        read(damaged, "export.zip")


def test_a_missing_file_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(RecordingError, match="nothere.zip does not exist"):
        AppleHealthReader().read(tmp_path / "nothere.zip")


# -- streaming: memory stays flat ---------------------------------------------------------------------------


@pytest.mark.slow
def test_a_200_mb_export_is_read_in_well_under_300_mb(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    with path.open("wb") as out:
        out.write(BROKEN_DTD.encode() + b'<HealthData locale="en_GB">\n')
        for block in range(800):
            day = date.fromordinal(date(2023, 1, 1).toordinal() + block // 2).isoformat()
            lines = [
                record("StepCount", 12, "count", f"{day} 10:00:00 +0000"),
                record("WalkingSpeed", 4.2, "km/hr", f"{day} 11:00:00 +0000"),
                record("HeartRate", 70, "count/min", f"{day} 12:00:00 +0000"),
            ]
            out.write((" " + "\n ".join(lines) + "\n").encode() * 300)
        out.write(b"</HealthData>\n")
    assert path.stat().st_size > 200 * 1024**2
    # the peak of this process's own memory (VmHWM starts again at exec; ru_maxrss keeps pytest's)
    script = (
        "import re, sys\n"
        "from backstride.diary.apple_health import AppleHealthReader\n"
        "r = AppleHealthReader().read(sys.argv[1])\n"
        "peak = re.search(r'VmHWM:\\s+(\\d+) kB', open('/proc/self/status').read()).group(1)\n"
        "print(len(r.days_), r.days_[0].steps, peak)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True
    )
    days, steps, peak_kib = (int(x) for x in done.stdout.split())
    assert days == 400 and steps == 2 * 300 * 12
    assert peak_kib < 150 * 1024, f"peak {peak_kib / 1024:.0f} MiB"


def test_an_export_bigger_than_the_limit_is_refused_before_or_while_it_is_read() -> None:
    small = AppleHealthReader(max_xml_bytes=len(XML) - 1)
    with pytest.raises(RecordingError, match=r"export\.xml holds more than .* bytes of XML"):
        small.read(io.BytesIO(XML), name="export.xml")
    with pytest.raises(
        RecordingError, match=r"export\.zip \(apple_health_export/export\.xml\) holds more than"
    ):
        small.read(io.BytesIO(zipped({"apple_health_export/export.xml": XML})), name="export.zip")
    assert [d.steps for d in AppleHealthReader(max_xml_bytes=len(XML)).read(io.BytesIO(XML)).days_] == [4321]


def test_entities_declared_in_the_dtd_are_never_expanded() -> None:
    laughs = (
        '<?xml version="1.0"?>\n<!DOCTYPE HealthData [\n<!ENTITY a "aaaaaaaaaa">\n'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n' for i in range(8))
        + "]>\n"
    )
    data = export(record("StepCount", 10, "count", source="&i;"), head=laughs)
    with pytest.raises(RecordingError, match=r"is damaged: its XML cannot be read .*undefined entity"):
        read(data)


def test_values_no_one_could_walk_are_left_out_so_every_day_fits_the_database() -> None:
    # a step count of 1e20 stopped the import with a database error (500); 3e9 on PostgreSQL, and
    # on SQLite it was kept, then the export of it could not be restored (steps below 2**31)
    reader = read(
        export(
            record("StepCount", 10, "count"),
            record("StepCount", "1e20", "count", start="2024-03-02 10:00:00 +0000"),
            record("StepCount", 900_000, "count", start="2024-03-03 10:00:00 +0000"),
            record("StepCount", 900_000, "count", start="2024-03-03 11:00:00 +0000"),  # 1.8 million a day
            record("DistanceWalkingRunning", "1e300", "km", start="2024-03-03 10:00:00 +0000"),
            record("WalkingSpeed", 50, "m/s", start="2024-03-03 10:00:00 +0000"),
            record("WalkingSpeed", 1.2, "m/s", start="2024-03-03 10:00:00 +0000"),
        )
    )
    assert [(d.day.isoformat(), d.steps, d.distance_m, d.walking_speed_mps) for d in reader.days_] == [
        ("2024-03-01", 10, None, None),
        ("2024-03-03", None, None, 1.2),
    ]
    assert any(
        n.startswith("3 walking records with a date or value that cannot be right") for n in reader.notes_
    )
    assert "On 1 day the steps or the distance added up to more than anyone walks in a day" in " ".join(
        reader.notes_
    )


def test_an_export_whose_every_day_is_too_much_is_refused_naming_why() -> None:
    data = export(
        record("StepCount", 900_000, "count"),
        record("StepCount", 900_000, "count", start="2024-03-01 11:00:00 +0000"),
    )
    with pytest.raises(RecordingError, match="add up to more than anyone walks"):
        read(data)


def test_a_source_name_is_kept_in_one_line_and_at_most_255_characters() -> None:
    # a longer one stopped the import on PostgreSQL (500); on SQLite the export could not be restored
    day = one_day(export(record("StepCount", 5, "count", source="Jo\tPhone " + "x" * 300)))
    counted_by = str(day["counted_by"])
    assert len(counted_by) == 255 and counted_by.startswith("Jo Phone xx") and counted_by.endswith("…")


@pytest.mark.parametrize("name", ["exportar.xml", "eksport.xml", "vienti.xml", "导出.xml"])
def test_the_xml_of_a_phone_in_another_language_is_found(name: str) -> None:
    # the Health app names export.xml in the phone's language (Spanish exportar.zip holds exportar.xml;
    # Norwegian eksport.xml, Finnish vienti.xml, Chinese 导出.xml); export_cda.xml keeps its name
    data = zipped(
        {
            "apple_health_export/export_cda.xml": b"<ClinicalDocument/>",
            "apple_health_export/workout-routes/route_1.gpx": b"<gpx/>",
            f"apple_health_export/{name}": XML,
        }
    )
    assert [d.steps for d in read(data, "exportar.zip").days_] == [4321]


def test_another_xml_that_is_no_health_export_is_not_taken() -> None:
    with pytest.raises(RecordingError, match=r"is a zip without an export\.xml inside"):
        read(zipped({"apple_health_export/notes.xml": b"<notes/>"}), "export.zip")
