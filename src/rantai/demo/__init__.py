"""The demo: Kabupaten Tegal's metal cluster at LIK Takaru, as told in ``shared/SEED-FACTS.md``.

Persons appear by position only. Coordinates are approximate (the centre of each kecamatan with a
small offset); NIB and NPWP numbers are made up but well-formed.
"""
