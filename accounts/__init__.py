"""Users, agencies (部门) and roles."""
