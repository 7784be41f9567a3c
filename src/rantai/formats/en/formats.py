"""English as it is written in Indonesia and the Commonwealth: the day comes first (3 Oct 2022,
03/10/2022), never the month (Django's "en" is American: Oct. 3, 2022 and 10/03/2022). Numbers
keep Django's English 1,500,000.5."""

DATE_FORMAT = "j M Y"  # 3 Oct 2022
DATETIME_FORMAT = "j M Y, P"  # 3 Oct 2022, 2:30 p.m.
SHORT_DATE_FORMAT = "d/m/Y"  # 03/10/2022
SHORT_DATETIME_FORMAT = "d/m/Y P"  # 03/10/2022 2:30 p.m.
MONTH_DAY_FORMAT = "j F"  # 3 October
FIRST_DAY_OF_WEEK = 1  # Monday

# What a typed date means; Django adds ISO 2022-10-03 (what date inputs send) to each list.
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 03/10/2022
    "%d/%m/%y",  # 03/10/22
    "%d-%m-%Y",  # 03-10-2022
    "%d %b %Y",  # 3 Oct 2022
    "%d %B %Y",  # 3 October 2022
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",  # 03/10/2022 14:30:59
    "%d/%m/%Y %H:%M",  # 03/10/2022 14:30
    "%d/%m/%y %H:%M",  # 03/10/22 14:30
]
