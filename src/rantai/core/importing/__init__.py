"""One way to import a spreadsheet into Rantai, used by the firm import and the orders import.

- ``reading``: the file (.xlsx or .csv) and its header, matched to the declared ``Column``s;
  the downloadable template.
- ``parsers``: the value of a cell as people in Indonesia write it (numbers, money, dates).
- ``rows``: a row's ``Cells``, its problems (``RowError``: row and column), the ``Outcome``.
- ``importer``: the ``Importer`` an app declares (its columns, how a row becomes a change, the
  rule each row must pass) and the check-then-apply flow, all rows or none.
- ``tasks``, ``views`` and ``core/import_review.html``: the background steps and the pages
  (upload → check → review → confirm → write) every import shares.

An app declares ``class XImporter(Importer)`` in its ``importing.py`` and registers one instance
(``register``); core's ``ready()`` loads every app's ``importing`` module, so the tasks find the
importer by the job's kind in any process. Its URL conf passes the instance to the views.
"""
