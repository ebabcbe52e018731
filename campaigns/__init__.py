"""专项行动: campaigns from their notices (phases, targets, tasks, report requirements and
submissions, implementing plans) and their inspection groups. Above `checklists`, which campaigns
attach; the figures of a campaign are counted in `reports.statistics`."""
