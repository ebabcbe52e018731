"""Users (officials, enterprise users, experts), agencies (部门) and roles; above `core` only."""
