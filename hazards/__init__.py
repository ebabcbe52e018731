"""隐患治理: the hazard lifecycle (report, 五定/五到位, rectification, acceptance, 挂牌督办), overdue
escalation and the public's reports (举报). Enforcement, the blacklist and publicity are the
enforcement app above it, which reacts to hazards through hazards.hooks."""
