"""The enterprise registry (企业底数) and jurisdiction scoping (`scoping`: who sees which
enterprise data), on which every app above builds its querysets."""
