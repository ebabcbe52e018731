// Search-as-you-type pickers (Tom Select): filled in by the pickers work.
