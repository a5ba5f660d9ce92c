"""Status from history: facts from git, pure health rules, one computed Status."""
