"""统计: the top layer. The home page and `statistics` (one definition per figure), read by the
statistics forms, dashboards and exports; it reads every app below it."""
