"""Typed readers: each takes from a normalised clause the words it understands and returns rules.

`typed.typed_rules` runs them all in order over one clause; the other modules hold one reader each
(or a few for closely related kinds)."""
