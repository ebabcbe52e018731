"""The enterprise registry (企业底数)."""
