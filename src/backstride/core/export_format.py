"""The name and version of backstride's "all data" export document (``Records.export_all``), for the
code that writes it (``services.records``), reads it back (``services.restore``) and maps it to FHIR
(``fhir.export``): one definition below all three layers."""

from __future__ import annotations

EXPORT_FORMAT = "backstride-export"
# 2: the document names its person (people were added); 3: everyday walking; 4: each diary entry's
# "tried" (the relief steps tried that day); 5: each check's "finished_at" (when it was finished);
# 6: each diary entry's "earlier_versions" (the versions a restore replaced); 7: each check's
# "walk_deleted" (the walk its result used, deleted since, and the gait factors its result had then);
# 8: walk_deleted's "result_before" (how soon to get help and the walking tolerance it went by then);
# 9: the person's "name", "birth_date", "gender", "mrn" and "mrn_system" (what a clinic matches by);
# 10: each check's "walks_deleted_before", the walks its result used before its "walk_deleted", deleted
# earlier, oldest first (a second deletion no longer hides the first)
EXPORT_FORMAT_VERSION = 10

__all__ = ["EXPORT_FORMAT", "EXPORT_FORMAT_VERSION"]
