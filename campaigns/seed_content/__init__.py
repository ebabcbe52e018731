"""Campaign and checklist content transcribed from the five seed documents (000–004)."""
