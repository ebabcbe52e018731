"""Checklist templates (检查表): versions, sections and items with their major-hazard criteria,
the Excel import/export and the built-in seed checklists. Reference content issued top-down
(seed 000); campaigns attach them and inspections answer them."""
