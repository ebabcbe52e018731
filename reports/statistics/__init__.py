"""The statistics: ONE definition per figure, read by the campaign pages, the statistics forms,
the dashboards and the exports, so that no two of them ever disagree.

- `indicators`: the target indicators (工作目标) of campaigns, each a ratio counted from data;
- `campaigns`: the roll-up of a campaign over its implementing plans and its target rows.

This package sits above every domain app (README, "Layers"): it reads them, none of them reads it
except their pages.
"""
