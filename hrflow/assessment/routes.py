"""Assessment pages (employees: their own form; heads: their departments; HR: all)."""
