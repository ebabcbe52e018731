"""执法: enforcement actions with legal review (法制审核), the blacklist (严重失信主体名单) and publicity (曝光公示).

It sits above hazards (README, "Layers"): an action or a publication may refer to a hazard, never
the other way round. When a hazard changes in a way the public must see, hazards calls the hooks
this app registers in EnforcementConfig.ready() (hazards.hooks).
"""
