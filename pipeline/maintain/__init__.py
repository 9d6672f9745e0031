"""Maintainers' tools for corrections/: test rules, add replacements, learn confusions and the domain lexicon."""
