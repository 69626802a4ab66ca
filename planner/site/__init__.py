"""The audit site: a MkDocs plugin (planner.site.plugin) that adds generated pages in
memory, one small module per kind of page (dashboard, coverage_pages, stages,
documents, reference), sharing planner.site.context and the safe HTML helpers in
planner.site.html."""
