"""What every app shares and that knows no domain (the bottom layer): regions and industries,
the hash-chained audit history, error types, view and API bases, hardened Excel reading, upload
checks and the demo runner. It imports no other app of the project."""
