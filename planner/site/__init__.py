"""The audit site. planner.site.generate makes every page, asset and download from one
Audit (one small module per kind of page: dashboard, coverage_pages, findings, health,
queue, stages, documents, reference, search_page, downloads, sharing planner.site.context
and the safe HTML helpers in planner.site.html); planner.site.markdown writes a page as
Markdown; planner.site.build writes the build folder and runs MkDocs or Zensical on it;
planner.site.plugin is the MkDocs plugin for `mkdocs serve`."""
