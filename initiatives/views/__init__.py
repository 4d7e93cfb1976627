"""The action plan's pages, one module per entity: ``plans``, ``initiatives``, ``history`` (the
change history) and ``reports`` (overview, print page and exports). ``mixins`` loads and checks
the plan or initiative a page is about; edit conflicts are handled in ``initiatives.conflicts``.
"""
