"""What every app shares: regions, industries, jurisdiction scoping, audit history, uploads."""
