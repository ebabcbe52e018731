"""Simplified-Chinese input formats with the ISO forms first.

Django's zh_Hans formats put "%Y/%m/%d" first, and a date widget writes its value with the first
input format: `<input type="date" value="2026/11/19">` is blank in every browser, and re-saving
the form loses the date. Browsers send and expect ISO values ("2026-11-19", "2026-11-19T08:30"),
so those come first; the Chinese forms stay accepted on input. Display formats (DATE_FORMAT …)
are Django's.
"""

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # '2026-11-19', what <input type="date"> sends and expects
    "%Y/%m/%d",  # '2026/11/19'
    "%Y年%m月%d日",  # '2026年11月19日'
]

TIME_INPUT_FORMATS = [
    "%H:%M",  # '20:45', what <input type="time"> sends
    "%H:%M:%S",
    "%H:%M:%S.%f",
]

DATETIME_INPUT_FORMATS = [
    "%Y-%m-%dT%H:%M",  # '2026-11-19T20:45', what <input type="datetime-local"> sends and expects
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y年%m月%d日 %H:%M",
    "%Y-%m-%d %H:%M:%S.%f",
]
