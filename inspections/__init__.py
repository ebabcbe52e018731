"""检查: self-inspections and official inspections with checklists, 双随机 draws, look-backs,
experts' conflicts and evidence. Above `campaigns`; the hazards its failures become are created
through `hazard_hooks`, which the hazards app fills."""
